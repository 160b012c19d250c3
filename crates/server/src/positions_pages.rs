//! Positions and precedents in the workbench: the party x red-line matrix of a draft, the zone of agreement, precedent search over PA-X.

use std::sync::Arc;

use axum::Router;

use crate::AppState;
use crate::api::Endpoint;

/// The API endpoints of this module, for the OpenAPI document.
pub(crate) const ENDPOINTS: &[Endpoint] = &[];

/// This module's pages and API routes.
pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
}
