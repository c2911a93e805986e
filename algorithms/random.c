/*
 * random.c: seeded, platform-independent random numbers for Monte Carlo
 * sensitivity: xoshiro256** (Blackman & Vigna 2018) seeded through
 * splitmix64; normal by Box-Muller; gamma by Marsaglia & Tsang (2000), with
 * the boost u^(1/alpha) for alpha < 1; Dirichlet as normalised gammas.
 * The same seed gives the same sequence everywhere: runs are reproducible.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "algorithms/internal.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void gt__rng_seed(gt__rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t gt__rng_next(gt__rng *r)
{
    uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double gt__rng_uniform(gt__rng *r)
{
    return ((gt__rng_next(r) >> 11) + 0.5) * 0x1.0p-53; /* in (0, 1) */
}

double gt__rng_normal(gt__rng *r)
{
    double u = gt__rng_uniform(r), v = gt__rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

double gt__rng_gamma(gt__rng *r, double alpha)
{
    if (alpha < 1) /* Marsaglia & Tsang's boost */
        return gt__rng_gamma(r, alpha + 1) * pow(gt__rng_uniform(r), 1.0 / alpha);
    double d = alpha - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = gt__rng_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = gt__rng_uniform(r);
        if (u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            return d * v;
    }
}

void gt__rng_dirichlet(gt__rng *r, int n, const double *alpha, double *out)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += out[i] = gt__rng_gamma(r, alpha[i]);
    for (int i = 0; i < n; i++)
        out[i] /= sum;
}
