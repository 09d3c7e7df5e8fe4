//! The stop on a store open that hangs: a lock or an unreachable remote gets a clear error, not a wait.

use super::*;

/// Set while `query` or `export` reads the store, cleared before the first byte of output: what
/// the `--timeout` watchdog may still interrupt.
pub(crate) static READING: std::sync::Mutex<bool> = std::sync::Mutex::new(false);

/// How long a query past its limit gets to stop by itself before the process stops it.
pub(crate) const GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Opens an existing store whose queries stop after `timeout` seconds.
///
/// Oxigraph stops a query at its limit the next time the query reads the store; one that only
/// joins in memory (a COUNT over a huge cross product) never does. So a watchdog ends the
/// process past the limit and a grace period: it has only read the store and written nothing.
pub(crate) fn open_limited(location: &StoreArg, timeout: f64) -> Result<Store> {
    let mut store = location.open(false)?;
    let limit = std::time::Duration::from_secs_f64(timeout);
    store.limit_queries(limit);
    *READING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = true;
    std::thread::spawn(move || {
        std::thread::sleep(limit + GRACE);
        // Held until the exit, so the main thread cannot start writing in between.
        let reading = READING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if *reading {
            eprintln!(
                "depeche: {}; give --timeout SECONDS to allow more",
                depeche::store::StoreError::TimedOut { seconds: timeout }
            );
            std::process::exit(1);
        }
    });
    Ok(store)
}

/// The store has been read: from here on the watchdog of [`open_limited`] leaves the process be.
pub(crate) fn done_reading() {
    *READING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = false;
}
