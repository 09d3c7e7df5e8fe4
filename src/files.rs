//! Output files written whole or not at all: a temporary file beside the target, renamed into place.

use super::*;

/// A temporary file removed when dropped, unless forgotten once renamed into place.
pub(crate) struct Removed(pub(crate) PathBuf);

impl Drop for Removed {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes the finished output: to `path` through a temporary file renamed into place (a reader
/// never sees half a file), or to standard output.
pub(crate) fn emit(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    emit_pieces(path, &[bytes])
}

/// [`emit`] of output made in pieces (one per article), written one after the other rather than
/// copied into one buffer first.
pub(crate) fn emit_pieces(path: Option<&Path>, pieces: &[impl AsRef<[u8]>]) -> Result<()> {
    let write_all = |out: &mut dyn Write| -> std::io::Result<()> {
        for piece in pieces {
            out.write_all(piece.as_ref())?;
        }
        out.flush()
    };
    match path {
        Some(path) if path != Path::new("-") => {
            let mut temporary = path.as_os_str().to_owned();
            temporary.push(".tmp");
            let temporary = PathBuf::from(temporary);
            let written = std::fs::File::create(&temporary)
                .and_then(|file| write_all(&mut std::io::BufWriter::new(file)))
                .and_then(|()| std::fs::rename(&temporary, path));
            if let Err(error) = written {
                let _ = std::fs::remove_file(&temporary);
                return Err(error).with_context(|| format!("cannot write {}", path.display()));
            }
            Ok(())
        }
        _ => {
            match write_all(&mut std::io::stdout().lock()) {
                // The reader went away (`| head`): what it wanted, it got.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}
