// SPDX-License-Identifier: GPL-3.0-or-later
// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last points and, per
// bucket, the point that spans the largest triangle with its neighbours, so peaks and dips survive where
// plain decimation would drop them. Charts sample their series to the plot's width in pixels.
#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace il::ui {

// The indices (ascending) of the points to keep: all of them when `threshold` ≥ the count or < 3.
// Points must be sorted by x.
std::vector<qsizetype> lttbIndices(const QList<QPointF>& points, qsizetype threshold);

// The points at lttbIndices().
QList<QPointF> downsampleLttb(const QList<QPointF>& points, qsizetype threshold);

// Picks `indices` out of `points` (for series that share the x positions chosen on another series).
QList<QPointF> pick(const QList<QPointF>& points, const std::vector<qsizetype>& indices);

} // namespace il::ui
