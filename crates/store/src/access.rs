//! Access tokens and reviewed alignment links, for the web workbench's writes.
//!
//! A token's secret is shown once, when it is made; the store keeps only its SHA-256, so
//! a copy of the store does not give write access.

use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::{Store, StoreError};

/// A token, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Its number.
    pub id: i64,
    /// What it was made for.
    pub name: String,
    /// When (RFC 3339).
    pub created: String,
    /// Whether it was revoked.
    pub revoked: bool,
}

/// An alignment link reviewed through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLink {
    /// Provision id in one document.
    pub a: String,
    /// Provision id in another.
    pub b: String,
    /// `confirmed` or `rejected`.
    pub status: String,
    /// Why.
    pub note: Option<String>,
    /// The name of the token that wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub created: String,
}

/// A provenance claim added through the API to a provision.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredClaim {
    /// The provision's id.
    pub provision: String,
    /// The source's address or citation.
    pub source: String,
    /// Who published it.
    pub publisher: String,
    /// When (yyyy-mm-dd).
    pub date: String,
    /// How far it is trusted, 0 to 1.
    pub confidence: f64,
    /// Why.
    pub note: Option<String>,
    /// The name of the token that added it.
    pub author: String,
    /// When it was added (RFC 3339).
    pub created: String,
}

fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

impl Store {
    /// Makes a token named `name` and returns its number and secret (shown only now).
    pub fn create_token(&mut self, name: &str) -> Result<(i64, String), StoreError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
        let secret: String = std::iter::once("truce_".to_owned())
            .chain(bytes.iter().map(|b| format!("{b:02x}")))
            .collect();
        self.conn.execute(
            "INSERT INTO token (name, hash, created) VALUES (?1, ?2, ?3)",
            params![name, digest(&secret), jiff::Timestamp::now().to_string()],
        )?;
        Ok((self.conn.last_insert_rowid(), secret))
    }

    /// The token a secret belongs to, when it exists and is not revoked.
    pub fn check_token(&self, secret: &str) -> Result<Option<TokenInfo>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name, created, revoked FROM token WHERE hash = ?1 AND revoked = 0",
                params![digest(secret)],
                |r| {
                    Ok(TokenInfo {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        created: r.get(2)?,
                        revoked: r.get::<_, i64>(3)? != 0,
                    })
                },
            )
            .optional()?)
    }

    /// Every token, oldest first.
    pub fn tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, created, revoked FROM token ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(TokenInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                created: r.get(2)?,
                revoked: r.get::<_, i64>(3)? != 0,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Revokes a token; false when there is no such token.
    pub fn revoke_token(&mut self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("UPDATE token SET revoked = 1 WHERE id = ?1", params![id])?
            > 0)
    }

    /// Records (or replaces) a reviewed link between provisions `a` and `b`.
    pub fn set_link(&mut self, negotiation: &str, link: &StoredLink) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO alignment_link (negotiation, a, b, status, note, author, created) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (negotiation, a, b) DO UPDATE SET status = ?4, note = ?5, author = ?6, created = ?7",
            params![
                negotiation,
                link.a,
                link.b,
                link.status,
                link.note,
                link.author,
                link.created
            ],
        )?;
        Ok(())
    }

    /// The links reviewed for a negotiation, in (a, b) order.
    pub fn links(&self, negotiation: &str) -> Result<Vec<StoredLink>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a, b, status, note, author, created FROM alignment_link WHERE negotiation = ?1 ORDER BY a, b",
        )?;
        let rows = stmt.query_map(params![negotiation], |r| {
            Ok(StoredLink {
                a: r.get(0)?,
                b: r.get(1)?,
                status: r.get(2)?,
                note: r.get(3)?,
                author: r.get(4)?,
                created: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Store {
    /// Adds a provenance claim to a provision of a negotiation.
    pub fn add_claim(&mut self, negotiation: &str, c: &StoredClaim) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO provenance_claim (negotiation, provision, source, publisher, date, confidence, note, author, created) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![negotiation, c.provision, c.source, c.publisher, c.date, c.confidence, c.note, c.author, c.created],
        )?;
        Ok(())
    }

    /// The claims added to a negotiation's provisions, in the order they were added.
    pub fn claims(&self, negotiation: &str) -> Result<Vec<StoredClaim>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT provision, source, publisher, date, confidence, note, author, created \
             FROM provenance_claim WHERE negotiation = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![negotiation], |r| {
            Ok(StoredClaim {
                provision: r.get(0)?,
                source: r.get(1)?,
                publisher: r.get(2)?,
                date: r.get(3)?,
                confidence: r.get(4)?,
                note: r.get(5)?,
                author: r.get(6)?,
                created: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_kept_hashed_and_can_be_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        let mut store = Store::open(&path).unwrap();
        let (id, secret) = store.create_token("alice").unwrap();
        assert!(secret.starts_with("truce_") && secret.len() == 6 + 64);
        assert_eq!(store.check_token(&secret).unwrap().unwrap().name, "alice");
        assert!(store.check_token("truce_nope").unwrap().is_none());
        drop(store);
        // The secret is nowhere in the file.
        let bytes = std::fs::read(&path).unwrap();
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
        let mut store = Store::open(&path).unwrap();
        assert!(store.revoke_token(id).unwrap());
        assert!(store.check_token(&secret).unwrap().is_none());
        assert!(store.tokens().unwrap()[0].revoked);
    }

    #[test]
    fn claims_are_kept_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        let mut c = StoredClaim {
            provision: "p1".into(),
            source: "https://example.org/a".into(),
            publisher: "Example".into(),
            date: "2025-11-23".into(),
            confidence: 0.6,
            note: None,
            author: "alice".into(),
            created: "2026-12-01T00:00:00Z".into(),
        };
        store.add_claim("n", &c).unwrap();
        c.source = "https://example.org/b".into();
        store.add_claim("n", &c).unwrap();
        let got = store.claims("n").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].source, "https://example.org/b");
        c.confidence = 1.5;
        assert!(store.add_claim("n", &c).is_err(), "confidence is checked by the schema");
    }

    #[test]
    fn links_are_replaced_not_duplicated() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
        let mut link = StoredLink {
            a: "x1".into(),
            b: "y1".into(),
            status: "confirmed".into(),
            note: None,
            author: "alice".into(),
            created: "2026-12-01T00:00:00Z".into(),
        };
        store.set_link("n", &link).unwrap();
        link.status = "rejected".into();
        store.set_link("n", &link).unwrap();
        let links = store.links("n").unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].status, "rejected");
        assert!(store.links("other").unwrap().is_empty());
    }
}
