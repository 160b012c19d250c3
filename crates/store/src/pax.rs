//! PA-X agreements in the store.

use std::collections::HashMap;

use jiff::civil::Date;
use rusqlite::{OptionalExtension, Row, params};
use truce_model::pax_taxonomy::CODES;
use truce_pax::Agreement;

use crate::{Store, StoreError};

/// What one [`Store::import_pax`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaxImportSummary {
    /// Agreements written (new or replaced).
    pub agreements: usize,
    /// Of those, agreements that were not in the store before.
    pub inserted: usize,
    /// Of those, agreements that replaced a stored one with the same id.
    pub replaced: usize,
    /// Code rows written (non-zero codes of the written agreements).
    pub codes: usize,
}

/// A PA-X agreement as read back from the store.
///
/// Same fields as [`truce_pax::Agreement`]; codes are owned strings so that a store
/// stays readable whatever the taxonomy of the build reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAgreement {
    /// PA-X agreement id (`AgtId`).
    pub id: u32,
    /// Agreement name (`Agt`).
    pub name: String,
    /// Date signed or agreed (`Dat`).
    pub date: Date,
    /// Country or entity (`Con`).
    pub country: String,
    /// Peace process number (`PP`).
    pub process_id: u32,
    /// Peace process name (`PPName`).
    pub process_name: String,
    /// Region (`Reg`).
    pub region: String,
    /// Stage code (`Stage`).
    pub stage: String,
    /// Sub-stage code (`StageSub`).
    pub substage: String,
    /// Agreement/conflict type (`Agtp`).
    pub agreement_type: String,
    /// Definition and status (`Status`).
    pub status: String,
    /// Non-zero codes in taxonomy order (codes the taxonomy does not know come last,
    /// by name).
    pub codes: Vec<(String, u8)>,
}

impl StoredAgreement {
    /// The level of `code`, or 0 when the agreement does not carry it.
    pub fn level(&self, code: &str) -> u8 {
        self.codes
            .iter()
            .find(|(name, _)| name == code)
            .map_or(0, |&(_, level)| level)
    }
}

impl From<&Agreement> for StoredAgreement {
    fn from(a: &Agreement) -> Self {
        StoredAgreement {
            id: a.id,
            name: a.name.clone(),
            date: a.date,
            country: a.country.clone(),
            process_id: a.process_id,
            process_name: a.process_name.clone(),
            region: a.region.clone(),
            stage: a.stage.clone(),
            substage: a.substage.clone(),
            agreement_type: a.agreement_type.clone(),
            status: a.status.clone(),
            codes: a.codes.iter().map(|&(code, level)| (code.to_owned(), level)).collect(),
        }
    }
}

const SELECT_AGREEMENT: &str = "SELECT agt_id, name, date, country, process_id, process_name, \
     region, stage, substage, agreement_type, status FROM pax_agreement";

impl Store {
    /// Writes PA-X agreements with their codes, all in one transaction.
    ///
    /// Idempotent: an agreement whose id is already stored is replaced (metadata and
    /// codes), never duplicated. Agreements not in `agreements` are left as they are.
    pub fn import_pax(&mut self, agreements: &[Agreement]) -> Result<PaxImportSummary, StoreError> {
        let tx = self.conn.transaction()?;
        let mut summary = PaxImportSummary::default();
        {
            let mut exists = tx.prepare("SELECT 1 FROM pax_agreement WHERE agt_id = ?1")?;
            let mut upsert = tx.prepare(
                "INSERT INTO pax_agreement (agt_id, name, date, country, process_id, \
                 process_name, region, stage, substage, agreement_type, status) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) \
                 ON CONFLICT (agt_id) DO UPDATE SET name = excluded.name, \
                 date = excluded.date, country = excluded.country, \
                 process_id = excluded.process_id, process_name = excluded.process_name, \
                 region = excluded.region, stage = excluded.stage, \
                 substage = excluded.substage, agreement_type = excluded.agreement_type, \
                 status = excluded.status",
            )?;
            let mut clear_codes = tx.prepare("DELETE FROM pax_code WHERE agt_id = ?1")?;
            let mut insert_code = tx.prepare("INSERT INTO pax_code (agt_id, code, level) VALUES (?1, ?2, ?3)")?;
            for a in agreements {
                if exists.exists(params![a.id])? {
                    summary.replaced += 1;
                } else {
                    summary.inserted += 1;
                }
                upsert.execute(params![
                    a.id,
                    a.name,
                    a.date.to_string(),
                    a.country,
                    a.process_id,
                    a.process_name,
                    a.region,
                    a.stage,
                    a.substage,
                    a.agreement_type,
                    a.status,
                ])?;
                clear_codes.execute(params![a.id])?;
                for &(code, level) in &a.codes {
                    insert_code.execute(params![a.id, code, level])?;
                    summary.codes += 1;
                }
                summary.agreements += 1;
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Number of PA-X agreements stored.
    pub fn pax_count(&self) -> Result<usize, StoreError> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM pax_agreement", [], |row| row.get(0))?;
        usize::try_from(count).map_err(|_| StoreError::BadValue(format!("count {count}")))
    }

    /// One PA-X agreement with its codes, or `None` when the id is not stored.
    pub fn pax_agreement(&self, id: u32) -> Result<Option<StoredAgreement>, StoreError> {
        let found = self
            .conn
            .query_row(
                &format!("{SELECT_AGREEMENT} WHERE agt_id = ?1"),
                params![id],
                agreement_from_row,
            )
            .optional()?;
        let Some(agreement) = found else {
            return Ok(None);
        };
        let mut agreement = agreement?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT code, level FROM pax_code WHERE agt_id = ?1")?;
        let codes = stmt
            .query_map(params![id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<Vec<(String, u8)>, _>>()?;
        agreement.codes = in_taxonomy_order(codes);
        Ok(Some(agreement))
    }

    /// Every stored PA-X agreement with its codes, ordered by id.
    pub fn pax_agreements(&self) -> Result<Vec<StoredAgreement>, StoreError> {
        let mut codes: HashMap<u32, Vec<(String, u8)>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare("SELECT agt_id, code, level FROM pax_code")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                codes.entry(row.get(0)?).or_default().push((row.get(1)?, row.get(2)?));
            }
        }
        let mut stmt = self.conn.prepare(&format!("{SELECT_AGREEMENT} ORDER BY agt_id"))?;
        let mut out = Vec::new();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut agreement = agreement_from_row(row)??;
            agreement.codes = in_taxonomy_order(codes.remove(&agreement.id).unwrap_or_default());
            out.push(agreement);
        }
        Ok(out)
    }
}

/// Reads the metadata of one agreement; codes are filled in by the caller.
///
/// The outer result is SQLite's; the inner one reports a stored date that is not a date.
fn agreement_from_row(row: &Row<'_>) -> rusqlite::Result<Result<StoredAgreement, StoreError>> {
    let id: u32 = row.get(0)?;
    let raw_date: String = row.get(2)?;
    let Ok(date) = raw_date.parse::<Date>() else {
        return Ok(Err(StoreError::BadValue(format!(
            "PA-X agreement {id}: date {raw_date:?}"
        ))));
    };
    Ok(Ok(StoredAgreement {
        id,
        name: row.get(1)?,
        date,
        country: row.get(3)?,
        process_id: row.get(4)?,
        process_name: row.get(5)?,
        region: row.get(6)?,
        stage: row.get(7)?,
        substage: row.get(8)?,
        agreement_type: row.get(9)?,
        status: row.get(10)?,
        codes: Vec::new(),
    }))
}

/// Sorts codes by their taxonomy position; unknown codes go last, by name.
fn in_taxonomy_order(mut codes: Vec<(String, u8)>) -> Vec<(String, u8)> {
    let position = |code: &str| CODES.iter().position(|info| info.code == code);
    codes.sort_by_cached_key(|(code, _)| (position(code).unwrap_or(usize::MAX), code.clone()));
    codes
}
