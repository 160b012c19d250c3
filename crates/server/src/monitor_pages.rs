//! Ceasefire monitoring in the workbench: the map with a date control, the daily report, verdicts with their evidence.

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
