//! Parallel work with the results handed on in input order: the engine of `extract` on
//! more than one thread, and of `bench`.
//!
//! Each thread of a pool is a worker. Workers take items one at a time from a shared source, so a long document holds up
//! only its own worker. A result is handed on as soon as every earlier one has been, by
//! whichever worker completes the run: no worker waits for a batch to end, and no thread
//! is kept for writing alone. A [`Window`] bounds how far the workers may run ahead of the
//! slowest item, so memory stays flat whatever the number of items. Results are handed
//! on outside the lock where workers file them, so no worker waits for another's writing.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// How far workers may run ahead of the results handed on: items taken but not yet
/// handed on, counted and weighed.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Items, at most.
    pub items: u64,
    /// Their summed weight (such as input bytes), at most; a heavier item is still taken
    /// when nothing else is in flight.
    pub weight: u64,
}

/// Runs `work` over the items of `source` on every thread of `pool` and hands each
/// result to `consume` in the order of the source. Stops taking items at the first error
/// of `consume`, which it returns once every worker has finished its item.
pub fn map_in_order<I, R, E>(
    pool: &rayon::ThreadPool,
    source: impl Iterator<Item = I> + Send,
    window: Window,
    weigh: impl Fn(&I) -> u64 + Sync,
    work: impl Fn(I) -> R + Sync,
    consume: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E>
where
    I: Send,
    R: Send,
    E: Send,
{
    let shared = Shared {
        source: Mutex::new(Source {
            items: source,
            taken: 0,
            exhausted: false,
        }),
        sink: Mutex::new(Sink {
            pending: VecDeque::new(),
            popped: 0,
            handed: 0,
            handed_weight: 0,
            writing: false,
            batch: Vec::new(),
            error: None,
            waiting: false,
        }),
        consume: Mutex::new(consume),
        handed_on: Condvar::new(),
        taken_weight: AtomicU64::new(0),
        handed: AtomicU64::new(0),
        handed_weight: AtomicU64::new(0),
        stopped: AtomicBool::new(false),
        window,
        weigh,
        work,
    };
    pool.broadcast(|_| shared.worker());
    let sink = shared
        .sink
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner);
    match sink.error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The items not yet taken, and how many have been.
struct Source<S> {
    items: S,
    taken: u64,
    exhausted: bool,
}

/// The results waiting for an earlier one, and the counts of those handed on.
struct Sink<R, E> {
    /// Results by sequence number, starting at `popped`; `None` while still in work.
    pending: VecDeque<Option<(u64, R)>>,
    /// The results taken out of `pending` to be handed on.
    popped: u64,
    /// The results handed on, and their weight.
    handed: u64,
    handed_weight: u64,
    /// A worker is handing results on, outside the lock: it also takes those filed
    /// meanwhile, so the others file theirs and go back to work.
    writing: bool,
    /// The writer's batch, kept for its allocation.
    batch: Vec<(u64, R)>,
    error: Option<E>,
    /// A worker waits for room in the window.
    waiting: bool,
}

struct Shared<S, R, C, E, W, F> {
    source: Mutex<Source<S>>,
    sink: Mutex<Sink<R, E>>,
    /// Where results go; locked only by the worker that is writing.
    consume: Mutex<C>,
    /// Signalled when results are handed on (room in the window) or the run stops.
    handed_on: Condvar,
    /// The weight of the items taken, added by each worker after it leaves the source
    /// (weighing a file reads its metadata).
    taken_weight: AtomicU64,
    /// The sink's counts, copied out of it as they change, so that a worker taking an
    /// item sees whether the window has room without waiting for the sink's lock, which
    /// is held while results are written.
    handed: AtomicU64,
    handed_weight: AtomicU64,
    /// An error or a panicking worker: take no more items.
    stopped: AtomicBool,
    window: Window,
    weigh: W,
    work: F,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<S, I, R, C, E, W, F> Shared<S, R, C, E, W, F>
where
    S: Iterator<Item = I>,
    C: FnMut(R) -> Result<(), E>,
    W: Fn(&I) -> u64,
    F: Fn(I) -> R,
{
    fn worker(&self) {
        // A panicking worker would leave its item's slot empty and the others waiting
        // for it: stop the run instead, and let the scope pass the panic on.
        struct StopOnPanic<'a, T: StopRun>(&'a T);
        impl<T: StopRun> Drop for StopOnPanic<'_, T> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.stop();
                }
            }
        }
        let _guard = StopOnPanic(self);
        while let Some((seq, weight, item)) = self.take() {
            let result = (self.work)(item);
            if !self.hand_on(seq, weight, result) {
                break;
            }
        }
    }

    /// The next item with its sequence number and weight, once the window has room;
    /// `None` when the source is exhausted or the run stopped.
    fn take(&self) -> Option<(u64, u64, I)> {
        let (seq, item) = {
            let mut source = lock(&self.source);
            if source.exhausted {
                return None;
            }
            if !self.has_room(source.taken) {
                let mut sink = lock(&self.sink);
                // The sink's own counts, under its lock, decide: a result handed on after
                // this test finds `waiting` set and signals.
                while !self.stopped.load(Ordering::Acquire)
                    && !self.room_for(
                        source.taken - sink.handed,
                        self.taken_weight
                            .load(Ordering::Acquire)
                            .saturating_sub(sink.handed_weight),
                    )
                {
                    sink.waiting = true;
                    sink = self
                        .handed_on
                        .wait(sink)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
            if self.stopped.load(Ordering::Acquire) {
                return None;
            }
            let Some(item) = source.items.next() else {
                source.exhausted = true;
                return None;
            };
            source.taken += 1;
            (source.taken - 1, item)
        };
        let weight = (self.weigh)(&item);
        self.taken_weight.fetch_add(weight, Ordering::AcqRel);
        Some((seq, weight, item))
    }

    /// Whether the window has room for one more item after `taken`, by the counts copied
    /// out of the sink.
    fn has_room(&self, taken: u64) -> bool {
        let handed = self.handed.load(Ordering::Acquire);
        let handed_weight = self.handed_weight.load(Ordering::Acquire);
        let weight = self
            .taken_weight
            .load(Ordering::Acquire)
            .saturating_sub(handed_weight);
        self.room_for(taken.saturating_sub(handed), weight)
    }

    /// Whether `items` in flight weighing `weight` leave room for one more.
    fn room_for(&self, items: u64, weight: u64) -> bool {
        items == 0 || (items < self.window.items && weight < self.window.weight)
    }

    /// Files the result of item `seq` and, unless another worker is writing, hands on
    /// every result now in order, outside the sink's lock, until none is ready; false if
    /// the run has stopped.
    fn hand_on(&self, seq: u64, weight: u64, result: R) -> bool {
        let mut sink = lock(&self.sink);
        if self.stopped.load(Ordering::Acquire) {
            return false;
        }
        let slot = (seq - sink.popped) as usize;
        if sink.pending.len() <= slot {
            sink.pending.resize_with(slot + 1, || None);
        }
        sink.pending[slot] = Some((weight, result));
        if sink.writing {
            return true;
        }
        let mut batch = std::mem::take(&mut sink.batch);
        loop {
            let ready = sink
                .pending
                .iter()
                .take_while(|slot| slot.is_some())
                .count();
            batch.extend(sink.pending.drain(..ready).flatten());
            if batch.is_empty() {
                sink.writing = false;
                sink.batch = batch;
                return true;
            }
            sink.popped += batch.len() as u64;
            sink.writing = true;
            drop(sink);
            let (mut handed, mut handed_weight, mut failed) = (0, 0, None);
            {
                let mut consume = lock(&self.consume);
                // Breaking off drops the results after an error unwritten.
                for (weight, result) in batch.drain(..) {
                    if let Err(error) = (*consume)(result) {
                        failed = Some(error);
                        break;
                    }
                    handed += 1;
                    handed_weight += weight;
                }
            }
            sink = lock(&self.sink);
            sink.handed += handed;
            sink.handed_weight += handed_weight;
            self.handed.store(sink.handed, Ordering::Release);
            self.handed_weight
                .store(sink.handed_weight, Ordering::Release);
            if let Some(error) = failed {
                sink.error = Some(error);
                self.stopped.store(true, Ordering::Release);
            }
            if self.stopped.load(Ordering::Acquire) {
                sink.pending.clear();
                sink.writing = false;
                self.handed_on.notify_all();
                return false;
            }
            if sink.waiting {
                sink.waiting = false;
                self.handed_on.notify_all();
            }
        }
    }
}

/// Stopping a run from a worker that is unwinding.
trait StopRun {
    fn stop(&self);
}

impl<S, R, C, E, W, F> StopRun for Shared<S, R, C, E, W, F> {
    fn stop(&self) {
        let _sink = lock(&self.sink);
        self.stopped.store(true, Ordering::Release);
        self.handed_on.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a test pool")
    }

    const WIDE: Window = Window {
        items: 64,
        weight: u64::MAX,
    };

    #[test]
    fn results_come_in_input_order_whatever_the_work_takes() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let result: Result<(), ()> = map_in_order(
                &pool(threads),
                0..500u64,
                WIDE,
                |_| 1,
                |i| {
                    // Uneven work, so that later items often finish first.
                    let spin = (i * 7919) % 13 * 2_000;
                    std::hint::black_box((0..spin).sum::<u64>());
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok(())
                },
            );
            assert!(result.is_ok());
            assert_eq!(seen, (0..500u64).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn an_error_stops_the_run_and_is_returned() {
        let mut handed = 0;
        let result = map_in_order(
            &pool(2),
            0..10_000u64,
            WIDE,
            |_| 1,
            |i| i,
            |r| {
                handed += 1;
                if r == 100 {
                    Err(format!("at {r}"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err("at 100".to_string()));
        assert_eq!(handed, 101);
    }

    #[test]
    fn a_panicking_worker_ends_the_run_instead_of_hanging_it() {
        let outcome = std::panic::catch_unwind(|| {
            let _: Result<(), ()> = map_in_order(
                &pool(2),
                0..100_000u64,
                WIDE,
                |_| 1,
                |i| {
                    assert!(i != 50, "item {i}");
                    i
                },
                |_| Ok(()),
            );
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn workers_go_on_while_another_hands_results_on() {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::time::{Duration, Instant};
        let started = AtomicU64::new(0);
        let mut started_then = 0;
        let result: Result<(), ()> = map_in_order(
            &pool(2),
            0..100u64,
            WIDE,
            |_| 1,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                // While the first result is being handed on, the other worker files its
                // results without waiting and takes the next items.
                if i == 0 {
                    let deadline = Instant::now() + Duration::from_secs(20);
                    while started.load(Ordering::SeqCst) < 10 && Instant::now() < deadline {
                        std::thread::yield_now();
                    }
                    started_then = started.load(Ordering::SeqCst);
                }
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert!(started_then >= 10, "only {started_then} items started");
    }

    #[test]
    fn the_window_bounds_the_items_in_flight() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let started = AtomicU64::new(0);
        let window = Window {
            items: 8,
            weight: 1_000,
        };
        let mut handed = 0u64;
        let result: Result<(), ()> = map_in_order(
            &pool(3),
            0..2_000u64,
            window,
            |&i| if i % 50 == 0 { 5_000 } else { 10 },
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| {
                handed += 1;
                // Everything started but not yet handed on, this one included.
                let in_flight = started.load(Ordering::SeqCst) - (handed - 1);
                assert!(in_flight <= window.items, "{in_flight} items in flight");
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(handed, 2_000);
    }
}
