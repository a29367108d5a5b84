//! A count of the work done on the author's input, for the tests that promise it grows in
//! proportion to the input (`tests/growth.rs`: a book at n and at 4n must take about four times
//! the steps, not sixteen). The stages whose work could grow faster than their input, and once
//! did — scanning raw HTML, breaking lines, finding places in a chapter — add what they did
//! here, in bulk (once per paragraph or fragment, not per character), so that counting costs
//! nothing a build would notice. Nothing in a build reads the count.

use std::sync::atomic::{AtomicU64, Ordering};

static STEPS: AtomicU64 = AtomicU64::new(0);

/// Count `n` steps of work.
#[inline]
pub fn step(n: usize) {
    STEPS.fetch_add(n as u64, Ordering::Relaxed);
}

/// The steps counted since the process started.
pub fn steps() -> u64 {
    STEPS.load(Ordering::Relaxed)
}
