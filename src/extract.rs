//! What the HTTP faces (the JSON API and the pages) take from a request besides its
//! parameters: the state snapshot it reads.

use std::future::{Ready, ready};
use std::sync::Arc;

use actix_web::{FromRequest, HttpRequest, web};

use crate::state::{AppState, LiveState};

/// The dataset and index a request reads: one snapshot of [`LiveState`], taken when the
/// request starts and kept to its end, so a reload never mixes versions within a request.
pub struct SharedState(Arc<AppState>);

impl std::ops::Deref for SharedState {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.0
    }
}

impl FromRequest for SharedState {
    type Error = actix_web::Error;
    type Future = Ready<Result<SharedState, actix_web::Error>>;

    fn from_request(request: &HttpRequest, _payload: &mut actix_web::dev::Payload) -> Self::Future {
        ready(match request.app_data::<web::Data<LiveState>>() {
            Some(live) => Ok(SharedState(live.current())),
            None => {
                tracing::error!("the application state is not registered");
                Err(actix_web::error::ErrorInternalServerError(
                    "Something went wrong on our side.",
                ))
            }
        })
    }
}
