/*
 * i18n.c: the message catalogue of map sheets and reports (Vietnamese and
 * English), and each language's number, money and date formats.
 *
 * Why a table here rather than gettext: a run draws both languages in one
 * process (`--lang` per call, the library never touches the process
 * locale), the product ships as one library with no .mo files to find at
 * run time, and the test that no English is left on a Vietnamese sheet
 * reads this one table. The table is short enough to search linearly.
 *
 * Number formats. Vietnamese (TCVN 6909 usage, as in official documents):
 * thousands separated by '.', decimals by ',' (1.234.567,5); money in whole
 * đồng, no decimals (30.000.000.000 đồng). English: 1,234,567.5 and
 * 30,000,000,000 VND.
 * SPDX-License-Identifier: MIT
 */
#include "gistool/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One entry: the key, its English text (NULL: the key is the English
 * text) and its Vietnamese text. One entry per line, no escaped quotes:
 * tests/e2e/check_language.py reads this table. */
typedef struct {
    const char *key, *en, *vi;
} entry;

// clang-format off
static const entry catalogue[] = {
    /* --- map sheets ------------------------------------------------------ */
    {"Suitability for a household-waste treatment facility (gistool site)", NULL, "Mức độ phù hợp xây dựng khu xử lý chất thải rắn sinh hoạt (gistool site)"},
    {"Remediation priority of unsanitary landfills and dumps (gistool rank)", NULL, "Thứ tự ưu tiên cải tạo bãi chôn lấp không hợp vệ sinh và bãi rác tự phát (gistool rank)"},
    {"Legend", NULL, "Chú giải"},
    {"Highly suitable (score 1)", NULL, "Phù hợp cao (điểm 1)"},
    {"Moderate (score %s)", NULL, "Trung bình (điểm %s)"},
    {"Low or excluded (score 0)", NULL, "Thấp hoặc bị loại trừ (điểm 0)"},
    {"Parcel excluded by a rule", NULL, "Thửa bị loại trừ theo quy định"},
    {"Candidate region (green outline)", NULL, "Vùng ứng viên (viền xanh lá)"},
    {"Study area boundary", NULL, "Ranh giới vùng nghiên cứu"},
    {"Commune boundary", NULL, "Ranh giới xã"},
    {"River", NULL, "Sông"},
    {"Road", NULL, "Đường giao thông"},
    {"Protected or heritage area", NULL, "Khu bảo tồn, di sản"},
    {"Number: rank of the top 10 parcels", NULL, "Số: thứ hạng 10 thửa tốt nhất"},
    {"Number: priority of the top 10 sites", NULL, "Số: thứ tự ưu tiên (10 bãi đầu)"},
    {"High risk", NULL, "Rủi ro cao"},
    {"Moderate risk", NULL, "Rủi ro trung bình"},
    {"Low risk", NULL, "Rủi ro thấp"},
    {"Coordinate system", NULL, "Hệ tọa độ"},
    {"Sources", NULL, "Nguồn dữ liệu"},
    {"Synthetic layers are marked so in the run's provenance (table run_inputs).", NULL, "Các lớp dữ liệu tổng hợp (giả lập) được ghi rõ trong bảng nguồn gốc run_inputs của lần chạy."},
    {"Run of", NULL, "Ngày chạy"},
    {"north:N", "N", "B"},
    {"kind:real", "real", "dữ liệu thực"},
    {"kind:synthetic", "synthetic", "dữ liệu tổng hợp, không phải số liệu thực"},
    {"kind:derived", "derived", "dữ liệu dẫn xuất"},

    /* --- layers (run_inputs roles and rule layers) ----------------------- */
    {"layer:study_area", "study area", "ranh giới tỉnh (vùng nghiên cứu)"},
    {"layer:scenario", "scenario file", "tệp kịch bản"},
    {"layer:inventory", "landfill inventory", "danh mục bãi rác"},
    {"layer:population", "communes and population", "ranh giới xã và dân số"},
    {"layer:rivers", "rivers", "sông"},
    {"layer:surface_water", "surface water", "nước mặt"},
    {"layer:roads", "roads", "đường giao thông"},
    {"layer:national_roads", "national roads", "quốc lộ"},
    {"layer:protected", "protected and heritage areas", "khu bảo tồn, di sản"},
    {"layer:residential", "residential works", "khu dân cư"},
    {"layer:water_supply", "water supply wells and intakes", "công trình cấp nước"},
    {"layer:wells", "groundwater wells", "giếng nước ngầm"},
    {"layer:flood_zone", "flood zone", "vùng ngập lụt"},
    {"layer:urban_centre", "urban centres", "trung tâm đô thị"},
    {"layer:landuse", "land use", "sử dụng đất"},
    {"layer:dem", "elevation model (DEM)", "mô hình số độ cao (DEM)"},
    {"layer:parcels", "candidate parcels", "các thửa đất ứng viên"},
    {"layer:airport", "airports", "sân bay"},
    {"layer:seaport", "seaports", "cảng biển"},
    {"layer:industrial_zone", "industrial zones", "khu công nghiệp"},

    /* --- report: headings and notes -------------------------------------- */
    {"Scenario", NULL, "Kịch bản"},
    {"Weights", NULL, "Trọng số các tiêu chí"},
    {"Top parcels", NULL, "Các thửa tốt nhất"},
    {"Why parcels were excluded", NULL, "Lý do thửa bị loại trừ"},
    {"Score distribution of the parcels that break no rule", NULL, "Phân bố điểm của các thửa không vi phạm quy định"},
    {"Candidate regions", NULL, "Các vùng ứng viên"},
    {"Rules", NULL, "Các quy định"},
    {"Risk classes", NULL, "Cấp rủi ro"},
    {"Ranked sites by risk class", NULL, "Số bãi được xếp hạng theo cấp rủi ro"},
    {"Top priorities", NULL, "Ưu tiên hàng đầu"},
    {"Linkage scores of the top priorities", NULL, "Điểm các liên kết rủi ro của các bãi ưu tiên hàng đầu"},
    {"Remediation plan by year", NULL, "Kế hoạch cải tạo theo năm"},
    {"Sites scheduled each year", NULL, "Các bãi được bố trí theo từng năm"},
    {"2030 targets", NULL, "Mục tiêu năm 2030"},
    {"Inputs and provenance", NULL, "Dữ liệu đầu vào và nguồn gốc"},
    {"Numbers: thousands separated by ',', decimals by '.'; money in whole units.", NULL, "Quy ước số: dấu chấm phân cách hàng nghìn, dấu phẩy phân cách phần thập phân; tiền tính tròn đồng, không có phần lẻ."},
    {"Criterion columns: each criterion's standardised score (0-1) averaged over the parcel.", NULL, "Các cột tiêu chí: điểm chuẩn hóa (0–1) của từng tiêu chí, trung bình trên thửa."},
    {"The full text of each rule's legal source, as the profile gives it, is in the table run_rules of the run's GeoPackage.", NULL, "Nguyên văn căn cứ pháp lý của từng quy định (như trong bộ quy định) có trong bảng run_rules của tệp GeoPackage kết quả."},
    {"AHP: λmax = %s, CR (consistency ratio) = %s, RI (random index) = %s, table %s; limit %s: %s.", NULL, "AHP: λmax = %s, tỷ số nhất quán CR = %s, chỉ số ngẫu nhiên RI = %s, bảng %s; ngưỡng %s: %s."},
    {"consistent", NULL, "nhất quán"},
    {"NOT consistent", NULL, "KHÔNG nhất quán"},
    {"Required area", NULL, "Diện tích cần thiết"},
    {"TCVN 6696:2009 size class", NULL, "cấp quy mô theo TCVN 6696:2009"},
    {"target: more than 50 % of unsanitary landfills", NULL, "mục tiêu: trên 50 % bãi không hợp vệ sinh"},
    {"Cumulative share (red: unsanitary landfills remediated; purple: dumps closed) against the 2030 targets (dashed)", NULL, "Tỷ lệ lũy kế (đỏ: bãi không hợp vệ sinh đã cải tạo; tím: bãi tự phát đã đóng) so với mục tiêu 2030 (nét đứt)"},

    /* --- report: scenario rows and values -------------------------------- */
    {"Scenario file", NULL, "Tệp kịch bản"},
    {"Facility", NULL, "Loại công trình"},
    {"Grid resolution (m)", NULL, "Độ phân giải lưới (m)"},
    {"Rule profile", NULL, "Bộ quy định"},
    {"Weighting method", NULL, "Phương pháp xác định trọng số"},
    {"Aggregation", NULL, "Phương pháp tổng hợp"},
    {"Sites", NULL, "Số bãi"},
    {"Parcels", NULL, "Các thửa"},
    {"Plan years", NULL, "Giai đoạn kế hoạch"},
    {"Annual budget", NULL, "Ngân sách hằng năm"},
    {"no limit (annual_budget 0)", NULL, "không giới hạn (annual_budget 0)"},
    {"%d parcels: %d excluded by a rule, %d ranked", NULL, "%d thửa: %d bị loại trừ theo quy định, %d được xếp hạng"},
    {"%d sites: %d ranked (high risk %d, moderate %d, low %d); %d remediated or closed before the plan, not ranked; %d sanitary landfills, not counted in the targets", NULL, "%d bãi: %d được xếp hạng (rủi ro cao %d, trung bình %d, thấp %d); %d đã cải tạo hoặc đóng trước kế hoạch, không xếp hạng; %d bãi chôn lấp hợp vệ sinh, không tính vào mục tiêu"},
    {"high at least %s %%, moderate at least %s %%, low below", NULL, "cao từ %s %% trở lên, trung bình từ %s %%, thấp dưới mức đó"},
    {"facility:sanitary_landfill", "sanitary landfill", "bãi chôn lấp chất thải rắn sinh hoạt hợp vệ sinh"},
    {"facility:hazardous_landfill", "hazardous-waste landfill", "bãi chôn lấp chất thải nguy hại"},
    {"facility:inert_landfill", "inert-waste landfill", "bãi chôn lấp chất thải trơ"},
    {"facility:transfer_station", "transfer station", "trạm trung chuyển"},
    {"facility:treatment_complex", "waste treatment complex", "khu liên hợp xử lý chất thải rắn"},
    {"method:ahp", "AHP (pairwise comparisons)", "AHP (so sánh cặp)"},
    {"method:direct", "weights given directly", "trọng số nhập trực tiếp"},
    {"aggregation:wlc", "weighted linear combination (WLC)", "tổ hợp tuyến tính có trọng số (WLC)"},
    {"aggregation:owa", "ordered weighted averaging (OWA)", "trung bình có trọng số theo thứ tự (OWA)"},
    {"size:small", "small (< 10 ha)", "nhỏ (< 10 ha)"},
    {"size:medium", "medium (10-30 ha)", "vừa (10–30 ha)"},
    {"size:large", "large (30-50 ha)", "lớn (30–50 ha)"},
    {"size:very large", "very large (50 ha or more)", "rất lớn (từ 50 ha trở lên)"},

    /* --- report: table headers ------------------------------------------- */
    {"Criterion", NULL, "Tiêu chí"},
    {"Layer", NULL, "Lớp dữ liệu"},
    {"Measure", NULL, "Đại lượng"},
    {"Weight", NULL, "Trọng số"},
    {"Fuzzy function", NULL, "Hàm chuẩn hóa mờ"},
    {"Control points", NULL, "Điểm kiểm soát"},
    {"Rank", NULL, "Hạng"},
    {"Parcel", NULL, "Thửa"},
    {"Score", NULL, "Điểm"},
    {"Area (ha)", NULL, "Diện tích (ha)"},
    {"Binding rule", NULL, "Quy định loại trừ"},
    {"Smallest distance (m)", NULL, "Khoảng cách nhỏ nhất (m)"},
    {"Region", NULL, "Vùng"},
    {"Mean score", NULL, "Điểm trung bình"},
    {"Lowest score", NULL, "Điểm thấp nhất"},
    {"Compactness", NULL, "Độ gọn"},
    {"Distance to road (m)", NULL, "Khoảng cách tới đường (m)"},
    {"Rule", NULL, "Mã quy định"},
    {"Requirement", NULL, "Yêu cầu"},
    {"Legal documents", NULL, "Văn bản căn cứ"},
    {"Status", NULL, "Tình trạng"},
    {"Applied", NULL, "Áp dụng"},
    {"Note", NULL, "Ghi chú"},
    {"Site", NULL, "Bãi"},
    {"Name", NULL, "Tên"},
    {"Commune", NULL, "Xã"},
    {"Type", NULL, "Loại"},
    {"Risk (%)", NULL, "Rủi ro (%)"},
    {"Risk class", NULL, "Cấp rủi ro"},
    {"Worst linkage", NULL, "Liên kết rủi ro cao nhất"},
    {"Option", NULL, "Phương án"},
    {"Cost", NULL, "Chi phí"},
    {"Plan year", NULL, "Năm thực hiện"},
    {"Year", NULL, "Năm"},
    {"Unsanitary landfills remediated", NULL, "Bãi không hợp vệ sinh đã cải tạo"},
    {"Dumps closed", NULL, "Bãi tự phát đã đóng"},
    {"Budget left at its turn", NULL, "Ngân sách còn lại khi đến lượt"},
    {"Input", NULL, "Dữ liệu"},
    {"Description", NULL, "Mô tả"},
    {"File", NULL, "Tệp"},
    {"Size (bytes)", NULL, "Dung lượng (byte)"},
    {"Command line", NULL, "Lệnh chạy"},
    {"Versions", NULL, "Phiên bản phần mềm"},
    {"Scenario checksum (SHA-256)", NULL, "Mã kiểm tra tệp kịch bản (SHA-256)"},
    {"Run started", NULL, "Thời điểm chạy"},
    {"yes", NULL, "có"},
    {"no", NULL, "không"},

    /* --- report: rules ---------------------------------------------------- */
    {"At least %s m from %s", NULL, "Cách %2$s ít nhất %1$s m"},
    {"Not inside %s", NULL, "Không nằm trong %s"},
    {"Not on %s of the classes %s", NULL, "Không nằm trên %s thuộc loại %s"},
    {"Slope at most %s %%", NULL, "Độ dốc không quá %s %%"},
    {"Local planning assumption", NULL, "Giả định quy hoạch địa phương"},
    {"status:verified", "verified in the regulation", "đã đối chiếu văn bản gốc"},
    {"status:verify", "to verify (seen in a secondary text)", "cần kiểm tra lại (nguồn thứ cấp)"},
    {"%s features, %s ha excluded", NULL, "%s đối tượng, loại trừ %s ha"},
    {"no layer '%s' in the scenario", NULL, "kịch bản không có lớp '%s'"},

    /* --- report: factors, measures, fuzzy shapes --------------------------- */
    /* --- data gaps (gaps_text.c) ---------------------------------------- */
    {"Missing data", NULL, "Dữ liệu còn thiếu"},
    {"This run does not record missing data (no table data_gaps).", NULL, "Lần chạy này không ghi nhận dữ liệu còn thiếu (không có bảng data_gaps)."},
    {"No data was missing: every factor and rule had its layer.", NULL, "Không thiếu dữ liệu: mọi tiêu chí và quy định đều có lớp dữ liệu."},
    {"%d item(s) lacked data; the results rest on the assumptions listed here (table data_gaps).", NULL, "%d hạng mục thiếu dữ liệu; kết quả dựa trên các giả định dưới đây (bảng data_gaps)."},
    {"Missing data (%d, see table data_gaps):", NULL, "Dữ liệu còn thiếu (%d, xem bảng data_gaps):"},
    {"Item", NULL, "Hạng mục"},
    {"Consequence", NULL, "Hệ quả"},
    {"Assumed", NULL, "Giả định đã dùng"},
    {"Affects", NULL, "Kết quả bị ảnh hưởng"},
    {"weight", NULL, "trọng số"},
    {"gap_item:factor", "factor", "tiêu chí"},
    {"gap_item:rule", "rule", "quy định"},
    {"gap_item:layer", "layer", "lớp dữ liệu"},
    {"gap_kind:not_in_scenario", "not in the scenario", "không có trong kịch bản"},
    {"gap_kind:declared_absent", "declared absent", "được khai báo là không có"},
    {"gap_kind:no_features_near", "no features near the study area", "không có đối tượng nào gần vùng nghiên cứu"},
    {"gap_kind:none_after_filter", "no features left after its filter", "không còn đối tượng nào sau bộ lọc"},
    {"gap_kind:not_covering", "no data over some parcels", "không có dữ liệu trên một số thửa"},
    {"gap_effect:factor_dropped", "factor dropped, the other weights renormalised", "bỏ tiêu chí, chuẩn hoá lại trọng số các tiêu chí còn lại"},
    {"gap_effect:rule_not_applied", "rule not applied (nothing excluded)", "không áp dụng quy định (không loại trừ diện tích nào)"},
    {"gap_effect:rule_applied_0_ha", "rule applied to no features: 0 ha excluded", "áp dụng quy định nhưng không có đối tượng: loại trừ 0 ha"},
    {"gap_effect:worst_case", "worst case assumed", "giả định trường hợp xấu nhất"},
    {"gap_effect:not_measured", "not measured (field left empty)", "không đo (trường để trống)"},
    {"gap_effect:no_score", "those parcels have no score and no rank", "các thửa đó không có điểm và không được xếp hạng"},
    {"gap_assumed:factor_dropped", "the other weights renormalised", "trọng số các tiêu chí còn lại được chuẩn hoá lại theo tỷ lệ"},
    {"gap_assumed:rule_not_applied", "nothing excluded by this rule", "quy định này không loại trừ diện tích nào"},
    {"gap_assumed:rule_applied_0_ha", "0 ha excluded by this rule", "quy định này loại trừ 0 ha"},
    {"gap_assumed:worst_case", "the largest multiplier of the linkage", "hệ số lớn nhất của đường lan truyền tương ứng"},
    {"gap_assumed:not_measured", "field left empty", "trường để trống"},
    {"gap_assumed:no_score", "parcels left without a score and a rank", "các thửa không có điểm và không được xếp hạng"},
    {"table:parcels", "candidate parcels", "các thửa đất ứng viên"},
    {"table:constraint_zones", "constraint zones", "vùng loại trừ"},
    {"table:suitability", "suitability surface", "bề mặt mức độ phù hợp"},
    {"table:candidate_regions", "candidate regions", "vùng ứng viên"},
    {"table:run_weights", "weights of the run", "trọng số của lần chạy"},
    {"table:landfills", "landfills and dumps", "bãi chôn lấp và bãi rác"},
    {"factor:remoteness", "remoteness", "khoảng cách tới khu dân cư"},
    {"factor:river_distance", "distance to rivers", "khoảng cách tới sông"},
    {"factor:road_access", "road access", "khả năng tiếp cận đường giao thông"},
    {"factor:slope", "slope", "độ dốc"},
    {"factor:landuse", "land use", "sử dụng đất"},
    {"measure:distance", "distance", "khoảng cách"},
    {"measure:slope_pct", "slope (%)", "độ dốc (%)"},
    {"measure:class_score", "score by class", "điểm theo loại"},
    {"measure:value", "value", "giá trị"},
    {"shape:linear", "linear", "tuyến tính"},
    {"shape:sigmoidal", "sigmoidal", "hình chữ S"},
    {"shape:j_shaped", "J-shaped", "hình chữ J"},
    {"shape:gaussian", "Gaussian", "hình chuông (Gauss)"},
    {"shape:near", "near is better", "càng gần càng tốt"},
    {"shape:large", "large is better", "càng lớn càng tốt"},
    {"shape:small", "small is better", "càng nhỏ càng tốt"},
    {"shape:table", "table", "bảng giá trị"},

    /* --- rank: classes, types, options, linkages --------------------------- */
    {"risk:High", "High", "Cao"},
    {"risk:Moderate", "Moderate", "Trung bình"},
    {"risk:Low", "Low", "Thấp"},
    {"type:unsanitary_landfill", "unsanitary landfill", "bãi chôn lấp không hợp vệ sinh"},
    {"type:spontaneous_dump", "spontaneous dump", "bãi rác tự phát"},
    {"type:sanitary_landfill", "sanitary landfill", "bãi chôn lấp hợp vệ sinh"},
    {"option:none", "no works needed", "không cần xử lý"},
    {"option:excavate_relocate", "excavate and relocate", "đào và chuyển chất thải đi"},
    {"option:close_cap", "close and cap", "đóng bãi và phủ kín"},
    {"option:upgrade_sanitary", "upgrade to a sanitary landfill", "nâng cấp thành bãi hợp vệ sinh"},
    {"linkage:leachate_groundwater", "leachate to groundwater", "nước rỉ rác → nước ngầm"},
    {"linkage:leachate_surface_water", "leachate to surface water", "nước rỉ rác → nước mặt"},
    {"linkage:gas_residents", "landfill gas to residents", "khí bãi rác → dân cư"},
    {"linkage:burning_residents", "burning and contact to residents", "đốt rác, tiếp xúc → dân cư"},

    /* --- rank: targets and the schedule ----------------------------------- */
    {"More than 50 % of unsanitary landfills remediated", NULL, "Trên 50 % bãi chôn lấp không hợp vệ sinh được cải tạo"},
    {"100 % of spontaneous dumps closed", NULL, "100 % bãi rác tự phát được đóng"},
    {"met in %d", NULL, "đạt vào năm %d"},
    {"no data (no unsanitary landfill in the inventory)", NULL, "không có số liệu (danh mục không có bãi chôn lấp không hợp vệ sinh)"},
    {"no data (no spontaneous dump in the inventory)", NULL, "không có số liệu (danh mục không có bãi rác tự phát)"},
    {"NOT met by %d", NULL, "KHÔNG đạt đến năm %d"},
    {"%d of %d, %s %% by %d", NULL, "%d trên %d bãi, %s %% đến năm %d"},
    {"An annual budget of %s would meet both targets by %d.", NULL, "Với ngân sách hằng năm %s, cả hai mục tiêu đạt vào năm %d."},
    {"No annual budget meets both targets by %d (too few years, or too few sites a year).", NULL, "Không mức ngân sách hằng năm nào đạt cả hai mục tiêu vào năm %d (quá ít năm, hoặc quá ít bãi mỗi năm)."},
    {"Year %d", NULL, "Năm %d"},
    {"Scheduled: %d sites, %s of %s.", NULL, "Được bố trí: %d bãi, %s trên tổng %s."},
    {"Scheduled: %d sites, %s (no budget limit).", NULL, "Được bố trí: %d bãi, %s (không giới hạn ngân sách)."},
    {"No site is scheduled this year.", NULL, "Năm này không bố trí bãi nào."},
    {"Each year the plan takes the sites in priority order while the year's budget lasts; a site dearer than what is left waits, and cheaper sites after it may go first.", NULL, "Mỗi năm, kế hoạch lấy các bãi theo thứ tự ưu tiên trong phạm vi ngân sách năm; bãi có chi phí lớn hơn số ngân sách còn lại phải chờ, và các bãi rẻ hơn xếp sau có thể được làm trước."},
    {"Passed over for lower-ranked sites: %d.", NULL, "Bị lùi lại, nhường cho bãi xếp hạng thấp hơn: %d bãi."},
    {"cost more than the budget left", NULL, "chi phí vượt ngân sách còn lại"},
    {"cost more than a whole year's budget: never scheduled", NULL, "chi phí vượt toàn bộ ngân sách một năm: không thể bố trí"},
    {"and %d more (table plan_skips)", NULL, "và %d bãi khác (bảng plan_skips)"},
    {"Why", NULL, "Lý do"},
    /* --- gistool progress: the yearly progress report --------------------- */
    {"Report on household solid waste management, %d", NULL, "Báo cáo kết quả quản lý chất thải rắn sinh hoạt năm %d"},
    {"Province", NULL, "Tỉnh"},
    {"Report year", NULL, "Năm báo cáo"},
    {"Date of the report", NULL, "Ngày lập báo cáo"},
    {"Register", NULL, "Cơ sở dữ liệu theo dõi"},
    {"Deadlines: to the provincial People's Committee by 30 November, to the Ministry of Agriculture and Environment by 15 December.", NULL, "Thời hạn báo cáo: gửi Ủy ban nhân dân tỉnh trước ngày 30 tháng 11, gửi Bộ Nông nghiệp và Môi trường trước ngày 15 tháng 12."},
    {"Indicators against the 2030 targets", NULL, "Các chỉ tiêu so với mục tiêu năm 2030"},
    {"Indicator", NULL, "Chỉ tiêu"},
    {"Value", NULL, "Giá trị"},
    {"Numerator / denominator", NULL, "Tử số / mẫu số"},
    {"Communes reporting", NULL, "Số xã có báo cáo"},
    {"Target", NULL, "Mục tiêu"},
    {"Trajectory to 2030", NULL, "Tiến độ đến năm 2030"},
    {"no data", NULL, "không có số liệu"},
    {"met", NULL, "đạt"},
    {"not met", NULL, "chưa đạt"},
    {"ahead", NULL, "vượt tiến độ"},
    {"on track", NULL, "đúng tiến độ"},
    {"behind", NULL, "chậm tiến độ"},
    {"provincial target", NULL, "mục tiêu của tỉnh"},
    {"An indicator that no commune reports is shown as no data, never as 0 %.", NULL, "Chỉ tiêu không có xã nào báo cáo được ghi là không có số liệu, không bao giờ ghi 0 %."},
    {"Trajectory: a straight line from the first year with a value to the 2030 target; ahead when the target is already met or the value is more than 1 percentage point better than the line, behind when more than 1 point worse, on track otherwise.", NULL, "Tiến độ: đường thẳng từ năm đầu tiên có số liệu đến mục tiêu năm 2030; vượt tiến độ khi đã đạt mục tiêu hoặc tốt hơn đường thẳng trên 1 điểm phần trăm, chậm tiến độ khi kém hơn trên 1 điểm phần trăm, còn lại là đúng tiến độ."},
    {"2030 target", NULL, "Mục tiêu năm 2030"},
    {"Source of the target", NULL, "Căn cứ của mục tiêu"},
    {"Indicators by year", NULL, "Các chỉ tiêu theo năm"},
    {"Blue: the value each year; red dashed: the 2030 target; grey dotted: the straight line to the target.", NULL, "Xanh lam: giá trị từng năm; nét đứt đỏ: mục tiêu năm 2030; chấm xám: đường thẳng đến mục tiêu."},
    {"Facilities by status at the end of %d", NULL, "Hiện trạng các cơ sở, bãi rác cuối năm %d"},
    {"Remediated, or dump closed", NULL, "Đã cải tạo, hoặc bãi tự phát đã đóng"},
    {"Closed or being remediated", NULL, "Đã đóng cửa hoặc đang cải tạo"},
    {"Operating", NULL, "Đang hoạt động"},
    {"Sites remediated or closed in %d", NULL, "Các bãi được cải tạo hoặc đóng cửa trong năm %d"},
    {"Sites behind the plan's schedule", NULL, "Các bãi chậm so với kế hoạch"},
    {"No plan given (--plan): no schedule to compare with.", NULL, "Không có kế hoạch (--plan): không có tiến độ để so sánh."},
    {"By commune, %d", NULL, "Theo xã, năm %d"},
    {"Entries dated after %d (not counted)", NULL, "Các thay đổi ghi ngày sau năm %d (không được tính)"},
    {"None.", NULL, "Không có."},
    {"Kind", NULL, "Loại"},
    {"Date", NULL, "Ngày"},
    {"Source", NULL, "Nguồn"},
    {"Planned year", NULL, "Năm theo kế hoạch"},
    {"Status at the end of the year", NULL, "Tình trạng cuối năm"},
    {"not in the register", NULL, "chưa có trong cơ sở dữ liệu"},
    {"Area", NULL, "Khu vực"},
    {"area:urban", "urban area", "đô thị"},
    {"area:rural", "rural area", "nông thôn"},
    {"Collected (%)", NULL, "Thu gom (%)"},
    {"Direct landfill (%)", NULL, "Chôn lấp trực tiếp (%)"},
    {"Households sorting (%)", NULL, "Hộ phân loại tại nguồn (%)"},
    {"Polluting dumps closed", NULL, "Bãi tự phát gây ô nhiễm đã đóng"},
    {"ind:collected_urban_pct", "Urban household waste collected (%)", "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom (%)"},
    {"ind:collected_rural_pct", "Rural household waste collected (%)", "Tỷ lệ chất thải rắn sinh hoạt nông thôn được thu gom (%)"},
    {"ind:direct_landfill_pct", "Collected waste treated by direct landfill (%)", "Tỷ lệ chất thải rắn sinh hoạt được xử lý bằng chôn lấp trực tiếp (%)"},
    {"ind:unsanitary_remediated_pct", "Unsanitary landfills remediated (%)", "Tỷ lệ bãi chôn lấp không hợp vệ sinh được cải tạo (%)"},
    {"ind:dumps_closed_pct", "Polluting spontaneous dumps closed (%)", "Tỷ lệ bãi rác tự phát gây ô nhiễm được đóng cửa (%)"},
    {"ind:households_sorting_pct", "Households sorting waste at source (%)", "Tỷ lệ hộ gia đình phân loại chất thải rắn sinh hoạt tại nguồn (%)"},
    {"indsrc:collected_urban_pct", "national 2030 target as the provincial plans give it (Resolution 394/NQ-CP); local assumption until checked against the published text", "mục tiêu quốc gia năm 2030 theo kế hoạch của tỉnh (Nghị quyết 394/NQ-CP); giả định địa phương cho đến khi đối chiếu văn bản"},
    {"indsrc:collected_rural_pct", "national 2030 target as the provincial plans give it (Resolution 394/NQ-CP); local assumption until checked against the published text", "mục tiêu quốc gia năm 2030 theo kế hoạch của tỉnh (Nghị quyết 394/NQ-CP); giả định địa phương cho đến khi đối chiếu văn bản"},
    {"indsrc:direct_landfill_pct", "national 2030 target as the provincial plans give it; local assumption until checked against the published text", "mục tiêu quốc gia năm 2030 theo kế hoạch của tỉnh; giả định địa phương cho đến khi đối chiếu văn bản"},
    {"indsrc:unsanitary_remediated_pct", "Resolution 394/NQ-CP: more than 50 % of unsanitary landfills remediated by 2030", "Nghị quyết 394/NQ-CP: trên 50 % bãi chôn lấp không hợp vệ sinh được cải tạo đến năm 2030"},
    {"indsrc:dumps_closed_pct", "Resolution 394/NQ-CP: 100 % of polluting spontaneous dumps closed by 2030", "Nghị quyết 394/NQ-CP: 100 % bãi rác tự phát gây ô nhiễm được đóng cửa đến năm 2030"},
    {"indsrc:households_sorting_pct", "Law on Environmental Protection 2020, art. 75: every household sorts its waste at source; 100 % as a figure is a local assumption", "Luật Bảo vệ môi trường 2020, Điều 75: mọi hộ gia đình phân loại chất thải rắn sinh hoạt tại nguồn; con số 100 % là giả định địa phương"},
    {"fkind:unsanitary_landfill", "unsanitary landfill", "bãi chôn lấp không hợp vệ sinh"},
    {"fkind:spontaneous_dump", "spontaneous dump", "bãi rác tự phát"},
    {"fkind:sanitary_landfill", "sanitary landfill", "bãi chôn lấp hợp vệ sinh"},
    {"fkind:incinerator", "incinerator", "lò đốt"},
    {"fkind:composting_plant", "composting plant", "nhà máy chế biến phân compost"},
    {"fkind:transfer_station", "transfer station", "trạm trung chuyển"},
    {"fkind:collection_point", "collection point", "điểm tập kết"},
    {"fstatus:operating", "operating", "đang hoạt động"},
    {"fstatus:closed", "closed", "đã đóng cửa"},
    {"fstatus:remediating", "being remediated", "đang cải tạo"},
    {"fstatus:remediated", "remediated", "đã cải tạo"},
    /* --- gistool ahp: the text report (ahp_report.c) ----------------------- */
    {"AHP weights: method %s, random index %s", NULL, "Trọng số AHP: phương pháp %s, chỉ số ngẫu nhiên %s"},
    {", group of %d matrices (element-wise geometric mean)", NULL, ", nhóm %d ma trận (trung bình nhân từng phần tử)"},
    {"Orientation: row i, column j = how much more important i is than j.", NULL, "Cách đọc: hàng i, cột j = tiêu chí i quan trọng hơn tiêu chí j bao nhiêu lần."},
    {"criterion", NULL, "tiêu chí"},
    {"lambda_max %s   CI %s   CR %s   (RI(%d) = %s, %s)", NULL, "lambda_max %s   CI (chỉ số nhất quán) %s   CR (tỷ số nhất quán) %s   (RI(%d) = %s, %s)"},
    {"GCI %s (acceptable below %s for n = %d)", NULL, "GCI %s (chấp nhận được khi dưới %s với n = %d)"},
    {"Verdict: consistent (%s)", NULL, "Kết luận: nhất quán (%s)"},
    {"GCI below its limit", NULL, "GCI dưới ngưỡng"},
    {"CR below the limit", NULL, "CR dưới ngưỡng"},
    {"Verdict: NOT consistent (%s %s >= %s)", NULL, "Kết luận: KHÔNG nhất quán (%s %s ≥ %s)"},
    {"The judgments furthest from the weights, and the value each would need to be consistent with them:", NULL, "Các so sánh cặp lệch xa trọng số nhất, và giá trị mỗi so sánh cần có để nhất quán với trọng số:"},
    {"%s over %s: %s given, %s would be consistent", NULL, "%s so với %s: đã cho %s, giá trị nhất quán là %s"},
    /* --- gistool network: map sheets and report (network_sheet.c, network_report.c) --- */
    {"%d transfer stations on the road network: %s t/day, haul direct %s t-km/day (gistool network)", NULL, "%d trạm trung chuyển trên mạng đường: %s tấn/ngày, vận chuyển trực tiếp %s tấn·km/ngày (gistool network)"},
    {"Haul to treatment on the road network: %s t/day, %s t-km/day (gistool network)", NULL, "Vận chuyển đến cơ sở xử lý trên mạng đường: %s tấn/ngày, %s tấn·km/ngày (gistool network)"},
    {"Coordinate system: %s. Network distances on the roads of the scenario (%s km); roads by tonnes a day along the shortest paths; service areas of %d travel times. gistool %s.", NULL, "Hệ tọa độ: %s. Khoảng cách theo mạng đường của kịch bản (%s km); đường theo khối lượng vận chuyển (tấn/ngày) trên các tuyến ngắn nhất; vùng phục vụ theo %d mức thời gian. gistool %s."},
    {"Road: 200 t/day or more", NULL, "Đường: từ 200 tấn/ngày"},
    {"Road: 50 to 200 t/day", NULL, "Đường: 50 – 200 tấn/ngày"},
    {"Road: below 50 t/day", NULL, "Đường: dưới 50 tấn/ngày"},
    {"Service area (shortest time)", NULL, "Vùng phục vụ (thời gian ngắn nhất)"},
    {"Commune to transfer station", NULL, "Xã → trạm trung chuyển"},
    {"Transfer station (number)", NULL, "Trạm trung chuyển (số thứ tự)"},
    {"Collection point", NULL, "Điểm tập kết"},
    {"Treatment site", NULL, "Cơ sở xử lý"},
    {"Demand and haul on the road network", NULL, "Lượng phát sinh và vận chuyển trên mạng đường"},
    {"Communes", NULL, "Số xã"},
    {"Demand points in residential areas", NULL, "Điểm phát sinh trong khu dân cư"},
    {"Demand points", NULL, "Điểm phát sinh"},
    {"Household waste", NULL, "Chất thải rắn sinh hoạt"},
    {"t/day", NULL, "tấn/ngày"},
    {"kg/person/day", NULL, "kg/người/ngày"},
    {"Rates, urban / rural", NULL, "Hệ số phát sinh, đô thị / nông thôn"},
    {"Road network", NULL, "Mạng đường"},
    {"Haul direct to treatment", NULL, "Vận chuyển trực tiếp đến cơ sở xử lý"},
    {"t-km/day", NULL, "tấn·km/ngày"},
    {"Waste (t/day)", NULL, "Khối lượng (tấn/ngày)"},
    {"Transfer stations chosen", NULL, "Các trạm trung chuyển được chọn"},
    {"Stations", NULL, "Số trạm"},
    {"Haul with the stations", NULL, "Vận chuyển khi có trạm"},
    {"Collection-truck haul saved", NULL, "Giảm vận chuyển bằng xe thu gom"},
    {"Objective, vertex substitution", NULL, "Hàm mục tiêu, thay thế đỉnh"},
    {"Objective, exact (GLPK)", NULL, "Hàm mục tiêu, lời giải chính xác (GLPK)"},
    {"not found (not run, or time limit)", NULL, "không có (không chạy, hoặc hết thời gian)"},
    {"Gap of the heuristic to the exact optimum", NULL, "Chênh lệch của lời giải gần đúng so với tối ưu"},
    {"Station", NULL, "Trạm"},
    {"Communes served", NULL, "Số xã phục vụ"},
    {"To treatment (km)", NULL, "Đến cơ sở xử lý (km)"},
    {"Haul saved (t-km/day)", NULL, "Giảm vận chuyển (tấn·km/ngày)"},
    {"Collection points", NULL, "Điểm tập kết"},
    {"Population served", NULL, "Dân số phục vụ"},
    {"Settlements covered", NULL, "Số khu dân cư được phục vụ"},
    {"Settlements", NULL, "Số khu dân cư"},
    /* --- end of gistool network ------------------------------------------ */
};
// clang-format on

static const entry *find(const char *key)
{
    for (size_t i = 0; i < sizeof catalogue / sizeof *catalogue; i++)
        if (!strcmp(catalogue[i].key, key))
            return &catalogue[i];
    return NULL;
}

gt__lang gt__lang_of(const char *name)
{
    return name && !strcmp(name, "en") ? GT__LANG_EN : GT__LANG_VI;
}

const char *gt__tr(gt__lang lang, const char *key)
{
    const entry *e = key ? find(key) : NULL;
    if (!e)
        return key ? key : "";
    if (lang == GT__LANG_VI)
        return e->vi;
    return e->en ? e->en : e->key;
}

const char *gt__tr_code(gt__lang lang, const char *domain, const char *code)
{
    if (!code)
        return "";
    char key[256];
    snprintf(key, sizeof key, "%s:%s", domain, code);
    const entry *e = find(key);
    if (!e)
        return code;
    return lang == GT__LANG_VI ? e->vi : e->en ? e->en : e->key;
}

const char *gt__fmt_num(char *buf, size_t size, gt__lang lang, double v, int decimals)
{
    if (!size)
        return buf;
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "–" : v > 0 ? "∞" : "-∞");
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    /* "-0,0" would be a lie: only a value that prints non-zero is negative. */
    bool neg = v < 0 && strspn(raw, "0.") < strlen(raw);
    char group = lang == GT__LANG_VI ? '.' : ',', point = lang == GT__LANG_VI ? ',' : '.';
    const char *dot = strchr(raw, '.');
    size_t ni = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    char out[96];
    if (neg)
        out[o++] = '-';
    for (size_t i = 0; i < ni && o < sizeof out - 2; i++) {
        if (i && (ni - i) % 3 == 0)
            out[o++] = group;
        out[o++] = raw[i];
    }
    if (dot) {
        out[o++] = point;
        for (const char *p = dot + 1; *p && o < sizeof out - 1; p++)
            out[o++] = *p;
    }
    out[o] = '\0';
    snprintf(buf, size, "%s", out);
    return buf;
}

const char *gt__money_unit(gt__lang lang, const char *currency)
{
    if (!currency || !*currency)
        return "";
    return lang == GT__LANG_VI && !strcmp(currency, "VND") ? "đồng" : currency;
}

const char *gt__fmt_money(char *buf, size_t size, gt__lang lang, double v, const char *currency)
{
    char n[64];
    gt__fmt_num(n, sizeof n, lang, round(v), 0);
    const char *u = gt__money_unit(lang, currency);
    snprintf(buf, size, "%s%s%s", n, *u ? " " : "", u);
    return buf;
}

const char *gt__fmt_time(char *buf, size_t size, gt__lang lang, const char *iso)
{
    int y, mo, d, h, mi;
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5) {
        snprintf(buf, size, "%s", iso ? iso : "");
        return buf;
    }
    if (lang == GT__LANG_VI)
        snprintf(buf, size, "%02d/%02d/%04d %02d:%02d UTC", d, mo, y, h, mi);
    else
        snprintf(buf, size, "%04d-%02d-%02d %02d:%02d UTC", y, mo, d, h, mi);
    return buf;
}

void gt__tr_label(gt__sbuf *out, gt__lang lang, const char *role, const char *label)
{
    if (!label || !*label)
        return;
    static const char *const kinds[] = {"real", "synthetic", "derived"};
    const char *kind = NULL;
    for (int i = 0; i < 3 && !kind; i++) {
        size_t n = strlen(kinds[i]);
        if (!strncmp(label, kinds[i], n) && label[n] == ':')
            kind = kinds[i];
    }
    if (lang == GT__LANG_EN || !kind) {
        gt__sbuf_add(out, "%s", label);
        return;
    }
    /* "kind: what (sources; licence)": the layer from its role, the kind,
     * and the last parenthesis (names of sources and licence codes). */
    const char *open = strrchr(label, '('), *close = open ? strchr(open, ')') : NULL;
    gt__sbuf_add(out, "%s: %s", gt__tr_code(lang, "layer", role), gt__tr_code(lang, "kind", kind));
    if (open && close)
        gt__sbuf_add(out, " %.*s", (int)(close - open + 1), open);
}
