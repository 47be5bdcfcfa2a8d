// The detection family's table exported by libnn4j_cuda.so (symbol nn4j_cuda_detect_table,
// looked up by native/src/cpu/detect.cpp through cuda_symbol). The core checks every argument
// that lives on the host (sizes, enums, thresholds, non-null pointers) and forwards device > 0
// calls with `ordinal` = device - 1; the twin checks what lives on the device (box validity,
// NaN scores). Each entry has the signature of its nn4j_detect.h counterpart minus `device`,
// returns an nn4j status and reports errors through the core table's set_error.
#pragma once
#include <cstdint>

namespace nn4j {

#define NN4J_CUDA_DETECT_TABLE_VERSION 1

struct DetectCudaTable {
    int version;
    int (*box_convert_forward)(int ordinal, int dtype, int from, int to, int64_t count, const void* x, void* y);
    int (*box_convert_backward)(int ordinal, int dtype, int from, int to, int64_t count, const void* dy, void* dx);
    int (*box_iou_forward)(int ordinal, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                           const void* b, void* iou);
    int (*box_iou_backward)(int ordinal, int dtype, int format, int64_t batch, int64_t n, int64_t m, const void* a,
                            const void* b, const void* diou, void* da, void* db);
    int (*nms)(int ordinal, int dtype, int format, int64_t batch, int64_t n, const void* boxes, const void* scores,
               int class_dtype, const void* classes, double score_threshold, double iou_threshold,
               int64_t max_outputs, int64_t* keep, int64_t* counts);
};

}  // namespace nn4j

extern "C" const nn4j::DetectCudaTable* nn4j_cuda_detect_table(void);
