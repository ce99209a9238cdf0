using System.Runtime.CompilerServices;

// The interpreter loop and the call paths have large frames and stackalloc'd argument buffers that are always
// written before they are read; zeroing them on every call is pure overhead.
[module: SkipLocalsInit]
