//! The key that signs the donation ledger's head. It lives outside the database (a file or the
//! `PORTAL_LEDGER_KEY` environment variable), so that whoever holds the database alone cannot
//! sign a rewritten chain. Without one configured, the server makes one on first start and
//! says so in the log: back the file up, and print its public key on the notice board.
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signer, SigningKey};
use model::ledger::Checkpoint;

/// Where the signing key comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerKeySource {
    /// 32 bytes as 64 hex digits (`PORTAL_LEDGER_KEY`).
    Hex(String),
    /// A file holding the 64 hex digits; created (mode 0600) when missing.
    File(PathBuf),
}

impl LedgerKeySource {
    /// Where the key for `database_url` is: `PORTAL_LEDGER_KEY` itself, else `file`, else
    /// `PORTAL_LEDGER_KEY_FILE`, else `ledger-signing.key` beside the SQLite file.
    pub fn for_database(database_url: &str, file: Option<PathBuf>) -> LedgerKeySource {
        match std::env::var("PORTAL_LEDGER_KEY") {
            Ok(hex) if !hex.trim().is_empty() => LedgerKeySource::Hex(hex),
            _ => LedgerKeySource::File(
                file.or_else(|| std::env::var_os("PORTAL_LEDGER_KEY_FILE").map(PathBuf::from))
                    .unwrap_or_else(|| {
                        crate::store::database_dir(database_url).join("ledger-signing.key")
                    }),
            ),
        }
    }
}

/// Signs ledger checkpoints.
pub struct LedgerSigner {
    key: SigningKey,
    public_key: String,
}

impl std::fmt::Debug for LedgerSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LedgerSigner({})", self.public_key)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn seed_from_hex(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    anyhow::ensure!(
        text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()),
        "a ledger signing key is 64 hex digits (32 bytes)"
    );
    let mut seed = [0u8; 32];
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16)?;
    }
    Ok(seed)
}

impl LedgerSigner {
    /// A signer from a 32-byte seed.
    pub fn from_seed(seed: [u8; 32]) -> LedgerSigner {
        let key = SigningKey::from_bytes(&seed);
        let public_key = hex(key.verifying_key().as_bytes());
        LedgerSigner { key, public_key }
    }

    /// Loads the key, creating the file with a fresh key when it does not exist.
    pub fn load(source: &LedgerKeySource) -> anyhow::Result<LedgerSigner> {
        match source {
            LedgerKeySource::Hex(text) => Ok(LedgerSigner::from_seed(
                seed_from_hex(text).context("PORTAL_LEDGER_KEY")?,
            )),
            LedgerKeySource::File(path) => match std::fs::read_to_string(path) {
                Ok(text) => Ok(LedgerSigner::from_seed(
                    seed_from_hex(&text).with_context(|| format!("reading {}", path.display()))?,
                )),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(path),
                Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
            },
        }
    }

    fn create(path: &Path) -> anyhow::Result<LedgerSigner> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|e| anyhow::anyhow!("random source: {e}"))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .with_context(|| format!("creating {}", path.display()))?;
        std::io::Write::write_all(&mut file, format!("{}\n", hex(&seed)).as_bytes())?;
        file.sync_all()?;
        let signer = LedgerSigner::from_seed(seed);
        tracing::warn!(
            path = %path.display(),
            public_key = signer.public_key(),
            "no ledger signing key was configured: made a new one. Keep a copy of the file \
             away from the database, and publish the public key with the ledger head"
        );
        Ok(signer)
    }

    /// The public key, lower-case hex.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// A checkpoint of the head `(seq, head)` signed now.
    pub fn sign(&self, seq: u64, head: &str, at: DateTime<Utc>) -> Checkpoint {
        // The message carries milliseconds, as stored.
        let at = DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap_or(at);
        let signature = self.key.sign(Checkpoint::message(seq, head, at).as_bytes());
        Checkpoint {
            seq,
            head: head.to_owned(),
            signed_at: at,
            public_key: self.public_key.clone(),
            signature: hex(&signature.to_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_once_and_read_back() {
        let dir = tempfile_dir();
        let path = dir.join("var/ledger.key");
        let made = LedgerSigner::load(&LedgerKeySource::File(path.clone())).unwrap();
        let again = LedgerSigner::load(&LedgerKeySource::File(path.clone())).unwrap();
        assert_eq!(made.public_key(), again.public_key());
        let c = made.sign(2, &"c".repeat(64), Utc::now());
        assert_eq!(c.verify(Some(again.public_key())), Ok(()));
        assert!(LedgerSigner::load(&LedgerKeySource::Hex("nope".into())).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let mut n = [0u8; 8];
        getrandom::getrandom(&mut n).unwrap();
        std::env::temp_dir().join(format!("cjg-key-{}", hex(&n)))
    }
}
