//! Opening a store on this machine's disk: a new one is created only where nothing else
//! lives, an existing one must be a store, and a store another process holds is reported as in
//! use rather than as a RocksDB error.

use super::counts::{counts_pending_marker, PendingCounts};
use super::local::LocalStore;
use super::{Location, Store, StoreError};
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

/// RocksDB writes `CURRENT` on creation; its presence is what makes a directory a store.
fn is_store_dir(dir: &Path) -> bool {
    dir.join("CURRENT").is_file()
}

/// A store whose creation was cut short (the process was killed before RocksDB wrote
/// `CURRENT`), or is under way in another process (which has written its `LOG` but not yet
/// taken its `LOCK`): only RocksDB's own files. Opening it completes the creation, or meets the
/// other process's lock; refusing it as "not a store" would leave the user a directory no
/// command accepts, or the loser of two first ingests the wrong message.
fn is_unfinished_store(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut any = false;
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        any = true;
        let rocksdb_file = matches!(name.as_ref(), "LOCK" | "IDENTITY" | "LOG")
            || name.starts_with("MANIFEST-")
            || name.starts_with("OPTIONS-")
            || name.starts_with("LOG.old.")
            || name.ends_with(".log")
            || name.ends_with(".dbtmp");
        if !rocksdb_file {
            return false;
        }
    }
    any
}

impl Store {
    /// Opens the store in `dir`, creating it (and the directory) when it does not exist yet.
    ///
    /// Refuses a path that is a regular file, and a non-empty directory that is not a store, so a
    /// mistyped `--store src` never scatters RocksDB files into a source tree.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open("depeche-store")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        // Checked before creating anything: RocksDB would refuse the path after the mkdir.
        if dir.to_str().is_none() {
            return Err(StoreError::Open {
                path: dir.to_path_buf(),
                message: "RocksDB needs a path that is valid UTF-8".into(),
            });
        }
        match std::fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => return Err(StoreError::NotADirectory(dir.to_path_buf())),
            Ok(_) => {
                if !is_store_dir(dir) && !is_unfinished_store(dir) {
                    let mut entries = std::fs::read_dir(dir).map_err(|e| StoreError::Open {
                        path: dir.to_path_buf(),
                        message: e.to_string(),
                    })?;
                    if entries.next().is_some() {
                        return Err(StoreError::NotAStore(dir.to_path_buf()));
                    }
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Create {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            Err(e) => {
                return Err(StoreError::Open {
                    path: dir.to_path_buf(),
                    message: e.to_string(),
                })
            }
        }
        Self::open_rocksdb(dir)
    }

    /// Opens a store that must already exist; never creates one.
    ///
    /// This is what `query` and `export` use: a typo in `--store` should say so, not answer from
    /// a fresh empty store.
    ///
    /// ```no_run
    /// let store = depeche_store::store::Store::open_existing("depeche-store")?;
    /// # Ok::<_, depeche_store::store::StoreError>(())
    /// ```
    pub fn open_existing(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref();
        match std::fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => Err(StoreError::NotADirectory(dir.to_path_buf())),
            Ok(_) if !is_store_dir(dir) => Err(StoreError::Missing(dir.to_path_buf())),
            Ok(_) => Self::open_rocksdb(dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(StoreError::Missing(dir.to_path_buf()))
            }
            Err(e) => Err(StoreError::Open {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }

    fn open_rocksdb(dir: &Path) -> Result<Store, StoreError> {
        // Read-write even for queries: Oxigraph calls a read-only instance next to a writer
        // undefined behaviour, whereas the RocksDB lock turns a concurrent writer into a clear error.
        // Oxigraph keeps every SST file open, and RocksDB each open file's index block in
        // memory (6.6 KB per MB of SST data, some 60 MB for a 1 GB input). Capping the open
        // files (`StoreOptions::with_max_open_files`) would bound that, but at 64 it made ingest
        // a third slower and a join query 70% slower once the store had more files: not done.
        match oxigraph::store::Store::open(dir) {
            Ok(inner) => {
                // Left by a writer that was stopped before it settled its counts.
                let stale = inner.contains(&counts_pending_marker()).map_err(|source| {
                    StoreError::Storage {
                        path: dir.to_path_buf(),
                        source,
                    }
                })?;
                let local = LocalStore {
                    inner,
                    path: dir.to_path_buf(),
                    writes: Mutex::new(0),
                    counts: Mutex::new(PendingCounts {
                        delta: HashMap::new(),
                        marked: stale,
                        stale,
                        agents: Default::default(),
                    }),
                };
                Ok(Store::over(
                    Box::new(local),
                    Location::Directory(dir.to_path_buf()),
                ))
            }
            Err(e) => {
                let message = e.to_string();
                // RocksDB says "IO error: While lock file: <dir>/LOCK: Resource temporarily unavailable".
                if message.contains("lock file") || message.contains("/LOCK") {
                    Err(StoreError::Locked(dir.to_path_buf()))
                } else {
                    Err(StoreError::Open {
                        path: dir.to_path_buf(),
                        message,
                    })
                }
            }
        }
    }
}
