//! The global allocator of the binaries and benchmarks: mimalloc, asked the way its fast path
//! serves best.
//!
//! The analysis allocates a node per key and value; the system allocator spent more time in
//! malloc and free than the rules took (a 10,000-state bundle: 425 ms against 171 ms). Rust
//! passes every allocation's alignment, and mimalloc 3's aligned entry point keeps to its fast
//! path only while the size class it needs has a free block at hand: once that class runs dry,
//! a size that is not a power of two is served by over-allocating in a larger class, and nothing
//! on that path refills the class it needed. On a 10,000-state bundle one allocation in six went
//! that way, at about 170 instructions and a larger block each. So, as Rust's `System`
//! allocator does over `malloc`, an alignment the plain entry point guarantees anyway goes
//! there, and only larger ones to the aligned entry point.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

pub struct Allocator;

/// The alignment mimalloc's plain entry point guarantees, as C's `malloc` does: that of
/// `max_align_t` (`MI_MAX_ALIGN_SIZE`), for every block that large.
const MALLOC_ALIGNMENT: usize = 16;

/// Whether a block of `size` bytes from the plain entry point is aligned enough: a smaller
/// block may have a smaller alignment (an 8-byte block, 8). The rule of Rust's own `System`
/// allocator over `malloc`.
fn plain(size: usize, align: usize) -> bool {
    align <= MALLOC_ALIGNMENT && align <= size
}

type PlainEntry = unsafe extern "C" fn(usize) -> *mut c_void;
type AlignedEntry = unsafe extern "C" fn(usize, usize) -> *mut c_void;

/// A block for `layout` from mimalloc's plain entry point where its alignment is guaranteed
/// there, else from the aligned one.
///
/// # Safety
/// The entry points are mimalloc's, a pair that allocates alike (both zeroing or neither).
#[inline(always)]
unsafe fn allocate(
    layout: Layout,
    plain_entry: PlainEntry,
    aligned_entry: AlignedEntry,
) -> *mut u8 {
    let (size, align) = (layout.size(), layout.align());
    // SAFETY: mimalloc accepts any size; the alignment of a `Layout` is a power of two.
    unsafe {
        if plain(size, align) {
            plain_entry(size).cast()
        } else {
            aligned_entry(size, align).cast()
        }
    }
}

// SAFETY: every block comes from mimalloc and goes back to it; the plain entry points are used
// only where their blocks are aligned as the layout asks (see `plain`), the aligned ones
// everywhere else.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocating pair.
        unsafe { allocate(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's zeroing pair.
        unsafe { allocate(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, hence from mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        // SAFETY: `ptr` came from mimalloc; the new block is aligned as `layout` asks.
        unsafe {
            if plain(new_size, align) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, align).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every layout the plain path may serve, and those next to it, comes back aligned, holds
    /// what was written to it, and keeps it through growing and shrinking.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents() {
        let mut held = Vec::new();
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=200).chain([1000, 4095, 4096, 70_000, 1 << 20]) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // Many blocks of each layout at once, so that size classes run dry and refill.
                for round in 0..40 {
                    let zeroed = round % 2 == 0;
                    // SAFETY: the layout's size is not zero.
                    let ptr = unsafe {
                        if zeroed {
                            Allocator.alloc_zeroed(layout)
                        } else {
                            Allocator.alloc(layout)
                        }
                    };
                    assert!(!ptr.is_null());
                    assert_eq!(ptr as usize % align, 0, "size {size}, align {align}");
                    // SAFETY: the block holds `size` bytes.
                    let bytes = unsafe { std::slice::from_raw_parts_mut(ptr, size) };
                    if zeroed {
                        assert!(bytes.iter().all(|&byte| byte == 0));
                    }
                    bytes
                        .iter_mut()
                        .enumerate()
                        .for_each(|(at, byte)| *byte = at as u8);
                    held.push((ptr, layout));
                }
            }
            for (ptr, layout) in held.drain(..) {
                let grown = layout.size() * 3 + 5;
                // SAFETY: `ptr` is live with `layout`; the new size is not zero.
                let ptr = unsafe { Allocator.realloc(ptr, layout, grown) };
                assert_eq!(ptr as usize % layout.align(), 0);
                // SAFETY: the block holds at least the old size.
                let kept = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
                assert!(kept.iter().enumerate().all(|(at, &byte)| byte == at as u8));
                let shrunk = (layout.size() / 2).max(1);
                let grown = Layout::from_size_align(grown, layout.align()).unwrap();
                // SAFETY: `ptr` is live with `grown`.
                let ptr = unsafe { Allocator.realloc(ptr, grown, shrunk) };
                assert_eq!(ptr as usize % layout.align(), 0);
                // SAFETY: the block holds `shrunk` bytes.
                let kept = unsafe { std::slice::from_raw_parts(ptr, shrunk) };
                assert!(kept.iter().enumerate().all(|(at, &byte)| byte == at as u8));
                let shrunk = Layout::from_size_align(shrunk, layout.align()).unwrap();
                // SAFETY: `ptr` is live with `shrunk`.
                unsafe { Allocator.dealloc(ptr, shrunk) };
            }
        }
    }
}
