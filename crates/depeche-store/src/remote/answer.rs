//! What a store answered: the response when its status is a success, else the status and the
//! first line of its body as a [`RemoteError`].

use super::RemoteError;
use std::fmt;
use std::io::Read;

/// The response if its status is a success; otherwise the status with the first line of the
/// body (read up to 64 KiB: an error page says what it has to say at the top).
pub(super) fn open_answer(
    url: &str,
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<ureq::http::Response<ureq::Body>, RemoteError> {
    let unreachable = |e: &dyn fmt::Display| RemoteError::Unreachable {
        url: url.to_string(),
        message: e.to_string(),
    };
    let mut response = answer.map_err(|e| unreachable(&e))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let mut body = Vec::new();
    let _ = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .take(64 * 1024)
        .read_to_end(&mut body);
    let text = String::from_utf8_lossy(&body);
    let message = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no explanation")
        .chars()
        .take(300)
        .collect();
    Err(RemoteError::Status {
        url: url.to_string(),
        status,
        message,
    })
}

/// Reads a whole (small) answer of an update or upload.
pub(super) fn read_answer(
    url: &str,
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<Vec<u8>, RemoteError> {
    let mut body = Vec::new();
    open_answer(url, answer)?
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .read_to_end(&mut body)
        .map_err(|e| RemoteError::Unreachable {
            url: url.to_string(),
            message: e.to_string(),
        })?;
    Ok(body)
}
