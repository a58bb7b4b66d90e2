//! The server's own protocol extensions, for editor integrations that show
//! more than LSP has words for:
//!
//! - `cableLs/status` (request, no params; and notification, server to
//!   client, whenever indexing starts or the index is rebuilt): whether
//!   indexing is running and how many files, cables, people and mentions
//!   the index holds — a status bar item's contents.
//! - `cableLs/people` (request, params `{ "query"?: string }`): the people
//!   of the workspace, most-mentioned first, each with the place that best
//!   introduces them.

use super::convert;
use super::server::Backend;
use crate::ide::people_list::people_list;
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::notification::Notification;
use tower_lsp_server::ls_types::Location;

/// What the index holds, and whether more is coming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// `"indexing"` while the workspace folders are being read, else
    /// `"ready"`.
    pub state: String,
    pub files: usize,
    pub cables: usize,
    pub people: usize,
    pub mentions: usize,
}

/// The `cableLs/status` notification.
pub enum StatusNotification {}

impl Notification for StatusNotification {
    type Params = Status;
    const METHOD: &'static str = "cableLs/status";
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeopleParams {
    #[serde(default)]
    pub query: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonItem {
    pub name: String,
    pub titles: Vec<String>,
    pub mentions: usize,
    pub cables: usize,
    pub location: Option<Location>,
}

impl Backend {
    /// The status as of now.
    pub fn status(&self) -> Status {
        let state = self.lock();
        let index = &state.index;
        Status {
            state: if state.indexing_done {
                "ready"
            } else {
                "indexing"
            }
            .into(),
            files: index.files.len(),
            cables: index.n_cables(),
            people: index.people.persons.len(),
            mentions: index.people.persons.iter().map(|p| p.n_mentions).sum(),
        }
    }

    /// Tells the client the current status.
    pub async fn send_status(&self) {
        let status = self.status();
        self.client
            .send_notification::<StatusNotification>(status)
            .await;
    }

    pub async fn status_request(&self) -> Result<Status> {
        Ok(self.status())
    }

    pub async fn people_request(&self, params: PeopleParams) -> Result<Vec<PersonItem>> {
        let query = params.query.unwrap_or_default();
        self.run_request("cableLs/people", None, move |this| {
            let (world, encoding) = {
                let state = this.lock();
                (state.world(), state.encoding())
            };
            let bounds = this.bounds();
            people_list(&world, &query)
                .into_iter()
                .map(|p| PersonItem {
                    // Only places inside the workspace folders are offered.
                    location: p
                        .location
                        .as_ref()
                        .filter(|l| bounds.allows(&l.path))
                        .and_then(|l| convert::location(l, encoding)),
                    name: p.name,
                    titles: p.titles,
                    mentions: p.n_mentions,
                    cables: p.n_cables,
                })
                .collect()
        })
        .await
    }
}
