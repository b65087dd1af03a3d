// SPDX-License-Identifier: GPL-3.0-or-later
// Times Analytics::summary over a store (in process, warm), the way the dashboard and `summary` call it.
#include "analytics/Summary.h"
#include "domain/Time.h"
#include "store/Store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s STORE.db [RUNS]\n", argv[0]);
        return 64;
    }
    const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
    auto store = il::Store::open(argv[1], il::Store::Mode::ReadOnly);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().toString().c_str());
        return 1;
    }
    il::Analytics a(**store);
    auto range = a.dataRange();
    for (il::GroupBy by : {il::GroupBy::Feature, il::GroupBy::Model, il::GroupBy::Day}) {
        il::SummaryFilter f;
        f.by = by;
        f.fromMs = il::floorTo(range->firstMs, il::kMsPerDay);
        f.toMs = il::floorTo(range->lastMs, il::kMsPerDay) + il::kMsPerDay;
        std::vector<double> ms;
        int64_t requests = 0;
        for (int i = 0; i < runs; ++i) {
            auto t0 = std::chrono::steady_clock::now();
            auto s = a.summary(f);
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
            requests = s->total.requests;
        }
        std::sort(ms.begin(), ms.end());
        std::printf("summary by %-8s over %lld requests: median %.2f ms, min %.2f ms, max %.2f ms (%d runs)\n",
                    il::groupByName(by), static_cast<long long>(requests), ms[ms.size() / 2], ms.front(), ms.back(), runs);
    }
    return 0;
}
