//! Limits that keep one query from taking the whole process down: how deeply a query may nest
//! (checked before parsing, since the parsers and the evaluator recurse once or more per level
//! and a few thousand levels overflow a thread's stack, which aborts the process), and how much
//! memory one query may allocate.
//!
//! ```
//! assert_eq!(depeche_store::limits::nesting_depth("ASK { { ?s ?p ?o } FILTER((1)) }"), 3);
//! assert_eq!(depeche_store::limits::nesting_depth("SELECT * { ?s ?p \"{{{{\" }"), 1);
//! ```

use oxigraph::sparql::CancellationToken;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

/// The deepest nesting of `{`, `(` and `[` a query or update may have. Hand-written queries
/// stay under 20; 128 levels parse and run on a 2 MiB thread stack with room to spare.
pub const MAX_NESTING: usize = 128;

/// The most links a query may chain ([`shape`]). Chains of 5,000 `UNION`s or `BIND`s
/// overflowed an 8 MiB stack; hand-written queries have a few dozen links.
pub const MAX_LINKS: usize = 1000;

/// How deeply `{`, `(` and `[` nest in a SPARQL text, outside strings, IRIs and comments.
pub fn nesting_depth(text: &str) -> usize {
    shape(text).depth
}

/// What makes a query's parse and evaluation recurse: bracket nesting, and chains of links
/// that the algebra nests even without brackets (`a UNION b UNION c`, `BIND ... BIND ...`,
/// `{...} {...}`, `1 + 1 + 1`, `?a || ?b || ?c`, paths `a/b/c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Deepest nesting of `{`, `(` and `[`.
    pub depth: usize,
    /// Links: group patterns, the keywords UNION, MINUS, OPTIONAL, BIND, FILTER, GRAPH,
    /// SERVICE, EXISTS, and the operators `+ - * / | || &&`.
    pub links: usize,
}

/// Measures a SPARQL text without parsing it (which is what could overflow).
///
/// Unbalanced closers do not lower the depth below zero, and an unterminated string ends the
/// count (the parser stops there too).
pub fn shape(text: &str) -> Shape {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut links, mut i) = (0usize, 0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'(' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                links += usize::from(bytes[i] == b'{');
            }
            b'+' | b'*' | b'/' | b'|' | b'&' => links += 1,
            b'-' => {
                // An operator, not the hyphen of a name like dp:has-actor.
                let before = i.checked_sub(1).map(|j| bytes[j]);
                let after = bytes.get(i + 1).copied();
                let operator = before
                    .is_none_or(|b| b.is_ascii_whitespace() || b.is_ascii_digit() || b == b')')
                    || after.is_none_or(|b| {
                        b.is_ascii_whitespace()
                            || b.is_ascii_digit()
                            || matches!(b, b'?' | b'$' | b'(')
                    });
                links += usize::from(operator);
            }
            b'a'..=b'z' | b'A'..=b'Z'
                if i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric()
                        || matches!(bytes[i - 1], b'_' | b':' | b'?' | b'$')) =>
            {
                let end = bytes[i..]
                    .iter()
                    .position(|b| !b.is_ascii_alphabetic())
                    .map_or(bytes.len(), |n| i + n);
                let word = &text[i..end];
                let keyword = [
                    "UNION", "MINUS", "OPTIONAL", "BIND", "FILTER", "GRAPH", "SERVICE", "EXISTS",
                ]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(word));
                links += usize::from(keyword);
                i = end - 1;
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'<' => {
                // `<` opens an IRI when a run of IRI characters ends in `>`; its `#` is no
                // comment. Else it is "less than". Brackets inside such a run count as nesting
                // either way: `?a<((1>0))` nests, and counting a rare `(` of a real IRI is safe.
                let close = bytes[i + 1..].iter().position(|b| {
                    matches!(
                        b,
                        b'>' | b'<' | b'{' | b'}' | b'"' | b'\'' | b'|' | b'^' | b'`' | b'\\'
                    ) || b.is_ascii_whitespace()
                });
                if let Some(n) = close.filter(|n| bytes[i + 1 + n] == b'>') {
                    for &b in &bytes[i + 1..i + 1 + n] {
                        match b {
                            b'(' | b'[' => {
                                depth += 1;
                                deepest = deepest.max(depth);
                            }
                            b')' | b']' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                    }
                    i += n + 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let long = bytes[i..].starts_with(&[quote; 3]);
                i += if long { 3 } else { 1 };
                loop {
                    match bytes.get(i) {
                        None => {
                            return Shape {
                                depth: deepest,
                                links,
                            }
                        }
                        Some(b'\\') => i += 2,
                        Some(&b)
                            if b == quote && (!long || bytes[i..].starts_with(&[quote; 3])) =>
                        {
                            i += if long { 2 } else { 0 };
                            break;
                        }
                        Some(b'\n') if !long => break,
                        Some(_) => i += 1,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    Shape {
        depth: deepest,
        links,
    }
}

thread_local! {
    /// Bytes this thread allocated minus those it freed since its budget was set.
    static USED: Cell<isize> = const { Cell::new(0) };
    /// The budget of the query running on this thread; `isize::MAX` when none.
    static LIMIT: Cell<isize> = const { Cell::new(isize::MAX) };
    /// The token that stops that query, valid while its [`BudgetGuard`] lives.
    static TOKEN: Cell<*const CancellationToken> = const { Cell::new(std::ptr::null()) };
    /// Whether this thread's query went over its budget.
    static EXCEEDED: Cell<bool> = const { Cell::new(false) };
    /// The most `USED` reached since the budget was set.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

/// What gives a finished query's memory back to the system ([`on_large_query_end`]).
static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// A query that used more than this much memory has it given back when it ends.
const RELEASE_FROM: isize = 32 << 20;

/// Sets what is run on a query's thread when a query that allocated more than 32 MiB ends
/// (the binary asks its allocator to return freed pages: a stopped cross product would
/// otherwise keep its gigabyte resident). Only the first call counts.
pub fn on_large_query_end(release: fn()) {
    let _ = RELEASE.set(release);
}

/// A global allocator that counts, per thread, what a query allocates, and cancels the query
/// (through its token) once that passes its budget ([`budget`]). Outside a budget it only adds
/// two thread-local reads per allocation.
///
/// Queries are evaluated on one thread each, so a thread's count is its query's memory: the
/// tuples of its joins, the rows it collects, a remote answer being parsed.
///
/// ```ignore
/// #[global_allocator]
/// static ALLOCATOR: depeche_store::limits::Budgeted<std::alloc::System> = depeche_store::limits::Budgeted(std::alloc::System);
/// ```
pub struct Budgeted<A>(pub A);

fn account(delta: isize) {
    // `try_with`: during thread exit the thread-locals may be gone while memory is still freed.
    let _ = USED.try_with(|used| {
        let now = used.get().saturating_add(delta);
        used.set(now);
        if delta > 0 && now > PEAK.with(Cell::get) {
            PEAK.with(|p| p.set(now));
        }
        if delta > 0 && now > LIMIT.with(Cell::get) {
            TOKEN.with(|token| {
                let token = token.get();
                if !token.is_null() {
                    // SAFETY: the pointer is set by `budget` and cleared by the guard's drop,
                    // which outlives every allocation made in between on this thread.
                    unsafe { (*token).cancel() };
                }
            });
            EXCEEDED.with(|e| e.set(true));
        }
    });
}

// SAFETY: every call is forwarded to the wrapped allocator unchanged; the accounting only reads
// and writes thread-locals that need no allocation (const-initialised `Cell`s).
unsafe impl<A: GlobalAlloc> GlobalAlloc for Budgeted<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            account(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { self.0.dealloc(ptr, layout) };
        account(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            account(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// The memory budget of the query running on this thread, until dropped.
#[must_use = "the budget ends when the guard is dropped"]
pub struct BudgetGuard {
    token: Box<CancellationToken>,
}

/// Gives the query about to run on this thread `bytes` of memory: past them, `token` is
/// cancelled and [`over_budget`] says why. Only effective when the program's global allocator
/// is [`Budgeted`] (the `depeche` binary's is).
pub fn budget(bytes: usize, token: &CancellationToken) -> BudgetGuard {
    let guard = BudgetGuard {
        token: Box::new(token.clone()),
    };
    USED.with(|u| u.set(0));
    PEAK.with(|p| p.set(0));
    EXCEEDED.with(|e| e.set(false));
    TOKEN.with(|t| t.set(&*guard.token));
    LIMIT.with(|l| l.set(isize::try_from(bytes).unwrap_or(isize::MAX)));
    guard
}

/// Whether the query of the current [`BudgetGuard`] went over its budget.
pub fn over_budget() -> bool {
    EXCEEDED.with(Cell::get)
}

impl Drop for BudgetGuard {
    fn drop(&mut self) {
        LIMIT.with(|l| l.set(isize::MAX));
        TOKEN.with(|t| t.set(std::ptr::null()));
        if PEAK.with(Cell::get) > RELEASE_FROM {
            if let Some(release) = RELEASE.get() {
                release();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_skips_strings_iris_and_comments() {
        assert_eq!(nesting_depth("ASK {}"), 1);
        assert_eq!(
            nesting_depth(&format!("ASK {}{}", "{".repeat(500), "}".repeat(500))),
            500
        );
        assert_eq!(
            nesting_depth("SELECT * { ?s <http://x/a#b> ?o } # (((((("),
            1
        );
        assert_eq!(nesting_depth("SELECT * { ?s <http://x/a#(((> ?o }"), 4);
        assert_eq!(
            nesting_depth(&format!("ASK {{ ?s <a(#> ?o {} }}", "{".repeat(300))),
            302
        );
        assert_eq!(nesting_depth("ASK { FILTER(?a<((1>0))) }"), 4);
        assert_eq!(
            nesting_depth("SELECT * { ?s ?p '''a ' {{{ ''' FILTER(?o < 3 && (?o > 1)) }"),
            3
        );
        assert_eq!(nesting_depth(r#"ASK { FILTER("\"((" = "x") }"#), 2);
        // Closers first cannot hide openers.
        assert_eq!(
            nesting_depth(&format!("{}{}", ")".repeat(10), "(".repeat(10))),
            10
        );
        // An unterminated string stops the count: the parser fails there.
        assert_eq!(nesting_depth("ASK { \"abc"), 1);
    }

    #[test]
    fn links_count_what_the_algebra_chains() {
        let union = format!("SELECT * {{ {} }}", ["{ ?s ?p ?o }"; 10].join(" UNION "));
        assert_eq!(
            shape(&union).links,
            2 + 10 + 9,
            "*, the outer group, ten groups, nine UNIONs"
        );
        assert_eq!(
            shape("ASK { FILTER(1+1-1*2/3 || ?a && ?b-?c) }").links,
            2 + 9
        );
        // Hyphens of names, words inside names and strings are no links.
        assert_eq!(
            shape("SELECT ?union WHERE { ?s dp:has-actor ?filter . ?s ex:optional \"UNION + -\" }")
                .links,
            1
        );
        assert_eq!(
            shape("select * { optional { ?s ?p ?o } bind(1 as ?x) }").links,
            5
        );
    }
}
