// SPDX-License-Identifier: GPL-3.0-or-later
#include "charts/Downsample.h"

#include <cmath>

namespace il::ui {

std::vector<qsizetype> lttbIndices(const QList<QPointF>& points, qsizetype threshold)
{
    const qsizetype n = points.size();
    std::vector<qsizetype> out;
    if (threshold >= n || threshold < 3) {
        out.resize(size_t(n));
        for (qsizetype i = 0; i < n; ++i)
            out[size_t(i)] = i;
        return out;
    }
    out.reserve(size_t(threshold));
    // The first and last points are always kept; the n - 2 between them fall into threshold - 2 buckets.
    const double every = double(n - 2) / double(threshold - 2);
    qsizetype a = 0;
    out.push_back(0);
    for (qsizetype i = 0; i < threshold - 2; ++i) {
        // The average of the next bucket stands in for the third corner of the triangle.
        const auto nextFrom = qsizetype(std::floor(double(i + 1) * every)) + 1;
        const auto nextTo = std::min(qsizetype(std::floor(double(i + 2) * every)) + 1, n);
        double avgX = 0, avgY = 0;
        for (qsizetype j = nextFrom; j < nextTo; ++j) {
            avgX += points[j].x();
            avgY += points[j].y();
        }
        const qsizetype nextCount = nextTo - nextFrom;
        if (nextCount > 0) {
            avgX /= double(nextCount);
            avgY /= double(nextCount);
        } else {
            avgX = points[n - 1].x();
            avgY = points[n - 1].y();
        }
        const auto from = qsizetype(std::floor(double(i) * every)) + 1;
        const auto to = std::min(qsizetype(std::floor(double(i + 1) * every)) + 1, n - 1);
        const double ax = points[a].x(), ay = points[a].y();
        double maxArea = -1;
        qsizetype chosen = from;
        for (qsizetype j = from; j < to; ++j) {
            const double area = std::abs((ax - avgX) * (points[j].y() - ay) - (ax - points[j].x()) * (avgY - ay));
            if (area > maxArea) {
                maxArea = area;
                chosen = j;
            }
        }
        out.push_back(chosen);
        a = chosen;
    }
    out.push_back(n - 1);
    return out;
}

QList<QPointF> pick(const QList<QPointF>& points, const std::vector<qsizetype>& indices)
{
    QList<QPointF> out;
    out.reserve(qsizetype(indices.size()));
    for (qsizetype i : indices)
        if (i >= 0 && i < points.size())
            out.append(points[i]);
    return out;
}

QList<QPointF> downsampleLttb(const QList<QPointF>& points, qsizetype threshold)
{
    if (threshold >= points.size() || threshold < 3)
        return points;
    return pick(points, lttbIndices(points, threshold));
}

} // namespace il::ui
