//! The smallest actix-web server: the yardstick that `benches/http.sh` measures srmap's
//! throughput and latency against, on the same machine in the same run.
//!
//! Build with `cargo build --release --example hello_world`; run with the address to bind.

use actix_web::{App, HttpResponse, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    HttpServer::new(|| {
        App::new().route(
            "/",
            web::get().to(|| async { HttpResponse::Ok().body("hello world") }),
        )
    })
    .bind(bind)?
    .run()
    .await
}
