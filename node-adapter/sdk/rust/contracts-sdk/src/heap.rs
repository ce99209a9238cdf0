//! The global allocator: a bump allocator over linear memory. A contract instance lives for one call, so memory is
//! never freed; it grows with `memory.grow` (priced by the gas schedule) when the heap runs out.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65536;

pub struct BumpAllocator {
    next: UnsafeCell<usize>,
}

// SAFETY: a contract instance is single-threaded.
unsafe impl Sync for BumpAllocator {}

extern "C" {
    static __heap_base: u8;
}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let next = &mut *self.next.get();
        if *next == 0 {
            *next = &__heap_base as *const u8 as usize;
        }
        let start = match next.checked_add(layout.align() - 1) {
            Some(n) => n & !(layout.align() - 1),
            None => return core::ptr::null_mut(),
        };
        let end = match start.checked_add(layout.size()) {
            Some(end) => end,
            None => return core::ptr::null_mut(),
        };
        let limit = core::arch::wasm32::memory_size(0) * PAGE;
        if end > limit {
            let pages = (end - limit + PAGE - 1) / PAGE;
            if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                return core::ptr::null_mut();
            }
        }
        *next = end;
        start as *mut u8
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator { next: UnsafeCell::new(0) };
