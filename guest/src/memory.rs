//! Running out of memory is Julia's `OutOfMemoryError`, not the end of the session.
//!
//! In the component the runtime's linear memory may grow only as far as the host's limit; past
//! it `malloc` returns null, and Rust's answer to a failed allocation is to abort — a trap that
//! ends the session with the host's "exceeded its memory limit". Two things turn that into an
//! exception the program can catch:
//!
//! - Requests that can be large (an array of a requested size, a vector growing, a string
//!   repeated) are made fallibly ([`try_reserve`] on the vector, or [`can_allocate`] before an
//!   allocation of a known size), and a refusal is thrown as `OutOfMemoryError` right there.
//! - Every other allocation is small, and for those the allocator keeps a reserve: a block of
//!   [`RESERVE`] bytes taken when a session starts. When a small allocation fails, the reserve is
//!   given back to `malloc`, the allocation is retried, and an out-of-memory condition is noted
//!   ([`take_pending`]); the interpreter checks for it at its next call, collects garbage, and
//!   throws `OutOfMemoryError` there unless that gave the reserve back ([`restore_reserve`]).
//!   The reserve is what lets the runtime get from that allocation to the `catch` (or to
//!   printing the error) without a trap.
//!
//! As in Julia, garbage is collected before memory is declared exhausted: the runtime's callers
//! collect cycles and try again before they throw.
//!
//! The host's limit stays the last line of defence: a large allocation made infallibly, or more
//! than the reserve allocated before the next check, still ends the session. Natively there is no
//! limit and the system allocator is used as it is.

use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes kept back for the runtime to reach the next check after memory ran out.
pub const RESERVE: usize = 8 << 20;

/// Requests of at least this many bytes never use the reserve: they are the fallible ones.
const LARGE: usize = RESERVE / 2;

/// Set when an allocation succeeded only by spending the reserve.
static PENDING: AtomicBool = AtomicBool::new(false);

/// Whether memory ran out since the last call (and clears it): the interpreter then throws
/// `OutOfMemoryError`.
#[inline]
pub fn take_pending() -> bool {
    PENDING.load(Ordering::Relaxed) && PENDING.swap(false, Ordering::Relaxed)
}

/// Notes that memory ran out where no exception can be thrown (inside an allocation of the
/// runtime's own): the interpreter throws `OutOfMemoryError` at its next check.
pub fn note_exhausted() {
    PENDING.store(true, Ordering::Relaxed);
}

/// Whether `bytes` can be allocated now: a trial allocation, freed at once, so that what the
/// caller allocates next succeeds. Cheap next to filling that many bytes; small requests are
/// not tried.
pub fn can_allocate(bytes: usize) -> bool {
    if bytes < LARGE {
        return true;
    }
    let mut trial: Vec<u8> = Vec::new();
    trial.try_reserve_exact(bytes).is_ok()
}

/// `v.try_reserve(additional)`, as a yes or no.
pub fn try_reserve<T>(v: &mut Vec<T>, additional: usize) -> bool {
    v.try_reserve(additional).is_ok()
}

#[cfg(target_arch = "wasm32")]
pub use reserve::restore_reserve;

/// Takes the reserve back from `malloc` if it was spent and memory allows; whether it is held
/// now (always, natively, where there is none).
#[cfg(not(target_arch = "wasm32"))]
pub fn restore_reserve() -> bool {
    true
}

#[cfg(target_arch = "wasm32")]
mod reserve {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicPtr, Ordering};

    use super::{LARGE, PENDING, RESERVE};

    /// The reserve block, or null while it is spent.
    static BLOCK: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());

    fn layout() -> Layout {
        Layout::from_size_align(RESERVE, 16).expect("a valid layout")
    }

    /// Takes the reserve if it is not held and memory allows; whether it is held now.
    pub fn restore_reserve() -> bool {
        if BLOCK.load(Ordering::Relaxed).is_null() {
            // SAFETY: a non-zero-sized layout; the block is freed only in `spend`.
            let p = unsafe { System.alloc(layout()) };
            BLOCK.store(p, Ordering::Relaxed);
        }
        !BLOCK.load(Ordering::Relaxed).is_null()
    }

    /// Gives the reserve back to `malloc`; whether there was one to give.
    fn spend() -> bool {
        let p = BLOCK.swap(std::ptr::null_mut(), Ordering::Relaxed);
        if p.is_null() {
            return false;
        }
        // SAFETY: `p` was allocated by `System` with this layout in `restore_reserve`.
        unsafe { System.dealloc(p, layout()) };
        PENDING.store(true, Ordering::Relaxed);
        true
    }

    /// The system allocator, with the reserve behind small requests.
    struct WithReserve;

    // SAFETY: every method forwards to `System`, whose contract it keeps; the reserve is an
    // ordinary `System` allocation.
    unsafe impl GlobalAlloc for WithReserve {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded with the caller's layout.
            let p = unsafe { System.alloc(layout) };
            if p.is_null() && layout.size() < LARGE && spend() {
                // SAFETY: as above.
                return unsafe { System.alloc(layout) };
            }
            p
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: forwarded with the caller's layout.
            let p = unsafe { System.alloc_zeroed(layout) };
            if p.is_null() && layout.size() < LARGE && spend() {
                // SAFETY: as above.
                return unsafe { System.alloc_zeroed(layout) };
            }
            p
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from this allocator, which is `System`'s.
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: forwarded with the caller's arguments.
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if p.is_null() && new_size < LARGE && spend() {
                // SAFETY: as above; a failed `realloc` left `ptr` as it was.
                return unsafe { System.realloc(ptr, layout, new_size) };
            }
            p
        }
    }

    #[global_allocator]
    static ALLOCATOR: WithReserve = WithReserve;
}
