//! The smallest actix-web server: the yardstick that `benches/http.sh` measures srmap's
//! throughput and latency against, on the same machine in the same run.
//!
//! `/` answers "hello world"; `/bytes/{n}` answers n bytes (at most 64 KiB) from a static
//! buffer, to separate the cost of a response's size from the work behind it.
//!
//! Build with `cargo build --release --example hello_world`; run with the address to bind.

use actix_web::{App, HttpResponse, HttpServer, web};

/// Bodies of `/bytes/{n}`: the cost of sending a response as large as srmap's, with no work
/// behind it.
static PAYLOAD: [u8; 65536] = [b'x'; 65536];

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    HttpServer::new(|| {
        App::new()
            .route(
                "/",
                web::get().to(|| async { HttpResponse::Ok().body("hello world") }),
            )
            .route(
                "/bytes/{n}",
                web::get().to(|n: web::Path<usize>| async move {
                    HttpResponse::Ok().body(&PAYLOAD[..(*n).min(PAYLOAD.len())])
                }),
            )
    })
    .bind(bind)?
    .run()
    .await
}
