#!/usr/bin/python3
"""Write the Vietnamese spreadsheet template of the waste register:
data/templates/so-dang-ky-chat-thai.xlsx, one sheet per table that
`gistool register import` reads (Cơ sở, Lịch sử tình trạng, Chỉ số xã,
Chỉ tiêu) with the Vietnamese column headings the importer knows, and a
sheet of instructions (Hướng dẫn) with the accepted values.

Run: /usr/bin/python3 data/templates/make_templates.py [OUT.xlsx]
(GDAL's XLSX driver; docs/register.md). SPDX-License-Identifier: MIT
"""
import os
import sys

from osgeo import gdal, ogr

gdal.UseExceptions()

SHEETS = [
    ("Cơ sở", [  # facilities
        "Mã điểm", "Tên", "Xã/phường", "Mã xã", "Loại cơ sở", "Gây ô nhiễm",
        "Công suất (tấn/ngày)", "Diện tích (ha)", "Khối lượng (m3)", "Số năm hoạt động",
        "Loại chất thải", "Lót đáy", "Che phủ", "Nước rỉ rác", "Đốt rác",
        "Năm bắt đầu hoạt động", "Tình trạng", "Năm của tình trạng", "Kinh độ", "Vĩ độ"]),
    ("Lịch sử tình trạng", [  # history
        "Mã điểm", "Tình trạng", "Ngày", "Nguồn (quyết định, báo cáo)", "Ghi chú"]),
    ("Chỉ số xã", [  # indicators
        "Mã xã", "Xã/phường", "Năm", "Khu vực (thành thị/nông thôn)", "Dân số", "Số hộ",
        "CTRSH phát sinh (tấn/ngày)", "Thu gom (tấn/ngày)", "Chôn lấp trực tiếp (tấn/ngày)",
        "Đốt (tấn/ngày)", "Ủ phân compost (tấn/ngày)", "Tái chế (tấn/ngày)", "Khác (tấn/ngày)",
        "Số hộ phân loại tại nguồn", "Nguồn"]),
    ("Chỉ tiêu", ["Chỉ tiêu", "Năm", "Giá trị (%)", "Nguồn"]),  # targets
]

GUIDE = [
    ("Bảng", "Cột", "Giá trị được chấp nhận"),
    ("Cơ sở", "Mã điểm", "mã duy nhất của mỗi cơ sở, ví dụ NB-UL-001 (bắt buộc)"),
    ("Cơ sở", "Loại cơ sở",
     "Bãi chôn lấp không hợp vệ sinh, Bãi rác tự phát, Bãi chôn lấp hợp vệ sinh, Lò đốt rác, "
     "Nhà máy compost, Trạm trung chuyển, Điểm tập kết rác (hoặc mã: unsanitary_landfill, "
     "spontaneous_dump, sanitary_landfill, incinerator, composting_plant, transfer_station, "
     "collection_point)"),
    ("Cơ sở", "Gây ô nhiễm", "Có / Không (mặc định: Có)"),
    ("Cơ sở", "Tình trạng",
     "Đang hoạt động, Đã đóng cửa, Đang cải tạo, Đã cải tạo (mặc định: Đang hoạt động)"),
    ("Cơ sở", "Năm của tình trạng", "năm bắt đầu tình trạng; ghi ngày 31/12 của năm đó"),
    ("Cơ sở", "Kinh độ, Vĩ độ", "độ thập phân WGS 84 (ví dụ 105,97 và 20,25)"),
    ("Cơ sở", "Loại chất thải", "Rác thải sinh hoạt, Chất thải nguy hại, Chất thải công nghiệp, "
     "Hỗn hợp"),
    ("Cơ sở", "Lót đáy, Nước rỉ rác, Đốt rác", "Có / Không (Nước rỉ rác, Đốt rác: cả Không rõ)"),
    ("Cơ sở", "Che phủ", "Không, Một phần, Toàn bộ"),
    ("Lịch sử tình trạng", "Ngày",
     "YYYY-MM-DD hoặc DD/MM/YYYY; chỉ có năm: 31/12 của năm đó"),
    ("Lịch sử tình trạng", "Quy tắc",
     "ngày không lùi; Đã cải tạo chỉ sau Đã đóng cửa hoặc Đang cải tạo; sau Đã cải tạo chỉ "
     "được Đang hoạt động (mở lại) kèm Ghi chú"),
    ("Chỉ số xã", "Khu vực", "thành thị (phường, thị trấn) hoặc nông thôn (xã)"),
    ("Chỉ số xã", "Số hộ phân loại tại nguồn", "không lớn hơn Số hộ"),
    ("Chỉ tiêu", "Chỉ tiêu",
     "collected_urban_pct, collected_rural_pct, direct_landfill_pct, "
     "unsanitary_remediated_pct, dumps_closed_pct, households_sorting_pct"),
    ("Chỉ tiêu", "Giá trị (%)", "0 đến 100"),
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "so-dang-ky-chat-thai.xlsx")
    if os.path.exists(out):
        os.remove(out)
    ds = ogr.GetDriverByName("XLSX").CreateDataSource(out)
    for name, columns in SHEETS:
        lyr = ds.CreateLayer(name, geom_type=ogr.wkbNone)
        for c in columns:
            lyr.CreateField(ogr.FieldDefn(c, ogr.OFTString))
        # GDAL writes a sheet's heading row with its first row: one blank
        # row (the importer skips blank rows).
        lyr.CreateFeature(ogr.Feature(lyr.GetLayerDefn()))
    guide = ds.CreateLayer("Hướng dẫn", geom_type=ogr.wkbNone)
    for c in GUIDE[0]:
        guide.CreateField(ogr.FieldDefn(c, ogr.OFTString))
    for row in GUIDE[1:]:
        f = ogr.Feature(guide.GetLayerDefn())
        for i, v in enumerate(row):
            f.SetField(i, v)
        guide.CreateFeature(f)
    ds = None
    print(out)


if __name__ == "__main__":
    main()
