//! Credentials for a store that asks for them: the server's `WWW-Authenticate` challenge read
//! (HTTP Basic, or Digest with MD5 as Virtuoso asks), and the `Authorization` header answering it.

use super::Method;
use std::sync::Mutex;

/// A user name and password for a store that asks for them (Virtuoso's `/sparql-auth` and
/// `/sparql-graph-crud-auth` ask with HTTP Digest, others with Basic), and what the server
/// last asked.
pub(super) struct Auth {
    pub(super) user: String,
    password: String,
    /// The server's last challenge and how many requests it has signed (the digest's `nc`).
    challenge: Mutex<Option<(Challenge, u32)>>,
}

/// What a `WWW-Authenticate` header asks for.
#[derive(Clone, Debug, PartialEq)]
enum Challenge {
    Basic,
    Digest {
        realm: String,
        nonce: String,
        opaque: Option<String>,
        qop_auth: bool,
    },
}

impl Auth {
    /// Credentials not yet asked for: nothing is sent until the server asks.
    pub(super) fn new(user: &str, password: &str) -> Auth {
        Auth {
            user: user.to_string(),
            password: password.to_string(),
            challenge: Mutex::new(None),
        }
    }

    /// Takes the first challenge of a `401` that can be answered; false when none can.
    pub(super) fn learn(&self, headers: &[&str]) -> bool {
        let Some(challenge) = headers.iter().find_map(|h| parse_challenge(h)) else {
            return false;
        };
        *self
            .challenge
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((challenge, 0));
        true
    }

    /// The `Authorization` header for a request, once the server has said how it wants it.
    pub(super) fn authorization(&self, method: Method, url: &str) -> Option<String> {
        let mut known = self
            .challenge
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (challenge, count) = known.as_mut()?;
        *count += 1;
        Some(match challenge {
            Challenge::Basic => {
                use base64::Engine;
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD
                        .encode(format!("{}:{}", self.user, self.password))
                )
            }
            Challenge::Digest {
                realm,
                nonce,
                opaque,
                qop_auth,
            } => {
                // The digest covers the request target as sent: path and query.
                let uri = url
                    .split_once("://")
                    .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                    .unwrap_or("/");
                let nc = format!("{count:08x}");
                let cnonce = md5_hex(&format!(
                    "{:?}{nc}{}",
                    std::time::SystemTime::now(),
                    std::process::id()
                ));
                let qop = qop_auth.then_some((nc.as_str(), cnonce.as_str()));
                let response = digest_response(
                    &self.user,
                    &self.password,
                    realm,
                    nonce,
                    method.as_str(),
                    uri,
                    qop,
                );
                let mut header = format!("Digest username=\"{}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5", self.user);
                if let Some((nc, cnonce)) = qop {
                    header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
                }
                header.push_str(&format!(", response=\"{response}\""));
                if let Some(opaque) = opaque {
                    header.push_str(&format!(", opaque=\"{opaque}\""));
                }
                header
            }
        })
    }
}

/// RFC 2617's `response`: the MD5 digest proving the password, with `qop=auth`'s counter and
/// client nonce when the server asked for them.
fn digest_response(
    user: &str,
    password: &str,
    realm: &str,
    nonce: &str,
    method: &str,
    uri: &str,
    qop: Option<(&str, &str)>,
) -> String {
    let ha1 = md5_hex(&format!("{user}:{realm}:{password}"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    match qop {
        Some((nc, cnonce)) => md5_hex(&format!("{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")),
        None => md5_hex(&format!("{ha1}:{nonce}:{ha2}")),
    }
}

/// The MD5 digest of `text` in lower-case hex: HTTP Digest's hashes, and the names of the
/// summary nodes (`aggregates`).
pub(crate) fn md5_hex(text: &str) -> String {
    use md5::Digest;
    md5::Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A `WWW-Authenticate` value depeche can answer: Basic, or Digest with MD5 (Virtuoso's).
fn parse_challenge(header: &str) -> Option<Challenge> {
    let (scheme, rest) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Some(Challenge::Basic);
    }
    if !scheme.eq_ignore_ascii_case("digest") {
        return None;
    }
    let mut fields = std::collections::HashMap::new();
    let mut rest = rest.trim();
    while let Some((key, after)) = rest.split_once('=') {
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            }
            None => after.split_once(',').map_or((after, ""), |(v, n)| (v, n)),
        };
        fields.insert(key, value.trim().to_string());
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    if fields
        .get("algorithm")
        .is_some_and(|a| !a.eq_ignore_ascii_case("md5"))
    {
        return None;
    }
    let qop = fields.get("qop").cloned();
    if qop
        .as_ref()
        .is_some_and(|q| !q.split(',').any(|q| q.trim() == "auth"))
    {
        return None;
    }
    Some(Challenge::Digest {
        realm: fields.remove("realm")?,
        nonce: fields.remove("nonce")?,
        opaque: fields.remove("opaque"),
        qop_auth: qop.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_answers_match_rfc_2617() {
        // The worked example of RFC 2617, section 3.5.
        let response = digest_response(
            "Mufasa",
            "Circle Of Life",
            "testrealm@host.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "GET",
            "/dir/index.html",
            Some(("00000001", "0a4f113b")),
        );
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
    }

    #[test]
    fn virtuoso_s_challenge_is_read_and_others_refused() {
        let virtuoso = r#"Digest realm="SPARQL", domain="/sparql-auth", nonce="f243", opaque="5ebe", stale="false", qop="auth", algorithm="MD5""#;
        assert_eq!(
            parse_challenge(virtuoso),
            Some(Challenge::Digest {
                realm: "SPARQL".into(),
                nonce: "f243".into(),
                opaque: Some("5ebe".into()),
                qop_auth: true
            })
        );
        assert_eq!(
            parse_challenge(r#"Basic realm="store""#),
            Some(Challenge::Basic)
        );
        assert_eq!(
            parse_challenge(r#"Digest realm="r", nonce="n", algorithm=SHA-256"#),
            None
        );
        assert_eq!(parse_challenge("Bearer"), None);
        let auth = Auth {
            user: "u".into(),
            password: "p".into(),
            challenge: Mutex::new(None),
        };
        assert_eq!(
            auth.authorization(Method::Post, "http://h/sparql-auth"),
            None,
            "nothing is sent before the server asks"
        );
        assert!(auth.learn(&[virtuoso]));
        let header = auth
            .authorization(
                Method::Put,
                "http://h:8890/sparql-graph-crud-auth?graph=urn%3Ax",
            )
            .unwrap();
        assert!(header.starts_with(r#"Digest username="u", realm="SPARQL", nonce="f243", uri="/sparql-graph-crud-auth?graph=urn%3Ax""#), "{header}");
        assert!(
            header.contains("nc=00000001") && header.contains(r#"opaque="5ebe""#),
            "{header}"
        );
        assert!(auth
            .authorization(Method::Put, "http://h/x")
            .unwrap()
            .contains("nc=00000002"));
    }
}
