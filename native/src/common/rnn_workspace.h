// The header nn4j_rnn_forward writes at the start of the workspace (CPU and CUDA alike), so that
// nn4j_rnn_backward can check that it got the workspace of the same problem and can run the
// implementation that wrote it. The payload starts kWsHeaderBytes in, 64-byte aligned.
#pragma once
#include <stdint.h>

namespace nn4j {
namespace rnn {

struct WsHeader {
    char magic[8];  // "nn4j.rnn"
    int32_t cell, dtype, path, reserved;
    int64_t n, t, f, h, payload_bytes;
    int64_t pad[2];
};
static_assert(sizeof(WsHeader) == 80, "workspace header layout");
constexpr int64_t kWsHeaderBytes = 128;
enum { kPathOwn = 0, kPathDnnl = 1 };

}  // namespace rnn
}  // namespace nn4j
