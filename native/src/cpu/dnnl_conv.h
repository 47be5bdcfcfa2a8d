// oneDNN paths of the convolution and pooling families (dnnl_conv.cpp, dnnl_pool.cpp), called by
// the CPU entry points in conv.cpp and pool.cpp after argument validation.
//
// Each function returns true when oneDNN took the call (its status, NN4J_OK or an error, is in
// *status), and false when the entry point must run nn4j's own kernel: oneDNN not linked, mode
// OFF, the per-op check failed (dtype, shape), or in AUTO mode a case where the own kernel is
// the faster one. Built without NN4J_WITH_DNNL they always return false.
#pragma once
#include <cstdint>
#include "conv_math.h"

namespace nn4j {
namespace conv {

bool onednn_forward(const Geom& g, int dtype, const void* x, const void* w, const void* b, void* y,
                  int* status);
bool onednn_backward_data(const Geom& g, int dtype, const void* dy, const void* w, void* dx,
                        int* status);
// dw and db (sum of dy over n and positions) may each be null, not both.
bool onednn_backward_weights(const Geom& g, int dtype, const void* x, const void* dy, void* dw,
                           void* db, int* status);

}  // namespace conv

namespace pool {

// MAX and AVG only (oneDNN has no min pooling). Forward writes the kWsDnnl tag and oneDNN's
// workspace into ws when ws is not null.
bool onednn_forward(const Geom& g, int dtype, int kind, const void* x, void* y, int64_t* ws,
                  int* status);
// Backward for a workspace tagged kWsDnnl must run here (for MAX); for AVG it is optional.
bool onednn_backward(const Geom& g, int dtype, int kind, const void* dy, const int64_t* ws,
                   void* dx, bool must, int* status);

}  // namespace pool
}  // namespace nn4j
