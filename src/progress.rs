//! Progress lines for long runs: above the bar on a terminal, every few seconds in a log.

/// A line on standard error, above the progress bar when there is one.
pub(crate) fn say(bar: &Option<indicatif::ProgressBar>, line: String) {
    match bar {
        Some(bar) => bar.println(line),
        None => eprintln!("{line}"),
    }
}

/// How often progress is printed when standard error is not a terminal (a log, CI).
pub(crate) const PLAIN_PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);
