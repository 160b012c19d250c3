//! `truce token`: access tokens for the web workbench's writes.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use miette::{IntoDiagnostic, Result, miette};

use crate::pax;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Make a token and print its secret (shown only now; the store keeps its SHA-256).
    /// Send it as `Authorization: Bearer <secret>`, or paste it on the workbench's
    /// sign-in page.
    Create {
        /// Who or what it is for (shown as the author of what it writes).
        #[arg(long, default_value = "workbench")]
        name: String,
    },
    /// List the tokens (never their secrets).
    List,
    /// Revoke a token by its number.
    Revoke {
        /// The number `truce token list` shows.
        id: i64,
    },
}

pub fn run(cmd: TokenCommand, store: Option<PathBuf>) -> Result<ExitCode> {
    let mut store = pax::open_store(store)?;
    match cmd {
        TokenCommand::Create { name } => {
            if name.trim().is_empty() || name.len() > 100 {
                return Err(miette!("a token's name is 1 to 100 characters"));
            }
            let (id, secret) = store.create_token(name.trim()).into_diagnostic()?;
            println!("{secret}");
            eprintln!(
                "token {id} ({name}) in {}; keep the secret: it is not stored",
                store.path().display()
            );
        }
        TokenCommand::List => {
            for t in store.tokens().into_diagnostic()? {
                println!(
                    "{}\t{}\t{}{}",
                    t.id,
                    t.name,
                    t.created,
                    if t.revoked { "\trevoked" } else { "" }
                );
            }
        }
        TokenCommand::Revoke { id } => {
            if !store.revoke_token(id).into_diagnostic()? {
                return Err(miette!("no token {id}"));
            }
            println!("token {id} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
