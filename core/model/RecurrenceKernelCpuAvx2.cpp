// The CPU recurrence compiled for AVX2 and FMA (see core/CMakeLists.txt).
#define RSSM_CPU_KERNEL_NS cpu_avx2
#include "model/RecurrenceKernelCpu.cpp"
