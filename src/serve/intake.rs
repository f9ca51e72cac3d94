//! Each request handed to the one that answers it ([`super::http::handle`]), so that
//! a client that sends a body slowly, or never, or declares an enormous one, holds
//! nothing but its own thread.

use std::sync::Arc;

use tiny_http::{Request, Response};

use super::Shared;
use super::http::{handle, header_value};
use super::reload::Hub;

/// A body declared larger than this is never read nor drained: tiny_http, dropping a
/// request, makes room for the whole rest of its declared body at once (tiny-http
/// pull request 290), and a failed allocation ends the process. A save is at most
/// [`super::edit::MAX_SAVE`]; a larger one below this bound is read up to it, then refused.
const MAX_DECLARED: usize = 64 << 20;

/// Hands one request to [`handle`]. One that carries a body is answered on a thread of
/// its own: reading the body, or tiny_http draining it when the request is dropped,
/// waits on the client for as long as it takes to send it, and the pages must not
/// wait with it.
pub fn dispatch(req: Request, shared: &Arc<Shared>, hub: &Arc<Hub>) {
    let declared = req.body_length().unwrap_or(0);
    if declared > MAX_DECLARED {
        too_large(req);
        return;
    }
    if declared > 0 || header_value(&req, "Transfer-Encoding").is_some() {
        let (shared, hub) = (shared.clone(), hub.clone());
        // Should no thread be had, the request is dropped: tiny_http answers 500.
        let _ = std::thread::Builder::new().spawn(move || handle(req, &shared, &hub));
        return;
    }
    handle(req, shared, hub);
}

/// Refuses a request whose declared body is beyond [`MAX_DECLARED`]. The answer is
/// written, then the connection is left as it is, never read again nor dropped:
/// dropping it would allocate the declared size.
fn too_large(req: Request) {
    let answer = Response::from_data(b"413 Payload Too Large\n".to_vec()).with_status_code(413);
    std::mem::forget(req.upgrade("close", answer));
}
