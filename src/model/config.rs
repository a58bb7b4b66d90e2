//! Settings: which files are cables, which rules run. They come from three
//! places, later ones overriding earlier ones key by key: built-in defaults,
//! the workspace file `.cable-ls.toml`, and the editor
//! (`initializationOptions`, `workspace/didChangeConfiguration`).

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::{Path, PathBuf};

use super::workspace::FileStamp;

/// The name of the workspace settings file, looked for in each workspace
/// folder's root.
pub const CONFIG_FILE: &str = ".cable-ls.toml";

/// Settings files larger than this are refused, not read.
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Files larger than this are not indexed (a cable is a few kilobytes; a
/// 64 MB file is a dump, and opening it in an editor still works).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Globs (relative to a workspace folder) of files to consider; empty
    /// means every file, decided by content.
    pub include: Vec<String>,
    /// Globs of files and folders never indexed.
    pub exclude: Vec<String>,
    pub max_file_bytes: u64,
    pub diagnostics: bool,
    /// Whether the cables not open in the editor get their diagnostics
    /// too (the editor's problems list then covers the whole workspace).
    /// Off unless asked: an archive of cables has hundreds of thousands.
    pub workspace_diagnostics: bool,
    /// Rule codes (`B002`) not reported.
    pub disabled_rules: Vec<String>,
    /// The user's corrections to the people engine: groups of names that
    /// are one person (`aliases`) and names that are different persons
    /// (`distinct`).
    pub people_aliases: Vec<Vec<String>>,
    pub people_distinct: Vec<Vec<String>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            include: Vec::new(),
            exclude: vec![
                "**/target/**".into(),
                "**/node_modules/**".into(),
                "**/.git/**".into(),
            ],
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            diagnostics: true,
            workspace_diagnostics: false,
            disabled_rules: Vec::new(),
            people_aliases: Vec::new(),
            people_distinct: Vec::new(),
        }
    }
}

/// Settings as written by a user: every key optional, unknown keys
/// rejected so a typo is reported rather than ignored.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConfigPatch {
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub max_file_bytes: Option<u64>,
    pub diagnostics: Option<DiagnosticsPatch>,
    pub people: Option<PeoplePatch>,
}

/// `[people]`: `aliases = [["Sarkozy", "Nicolas Sarkozy", "Sarko"]]` merges
/// the names of each group into one person; `distinct = [["Mohammed bin
/// Salman", "Mohammed bin Nayef"]]` keeps the names of each group apart.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PeoplePatch {
    pub aliases: Option<Vec<Vec<String>>>,
    pub distinct: Option<Vec<Vec<String>>>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DiagnosticsPatch {
    pub enable: Option<bool>,
    pub disabled: Option<Vec<String>>,
    /// Diagnostics for the cables not open too.
    pub workspace: Option<bool>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: {message}")]
    Toml { file: String, message: String },
    #[error("settings: {0}")]
    Json(String),
    #[error("bad glob `{glob}`: {message}")]
    Glob { glob: String, message: String },
}

impl Config {
    pub fn apply(&mut self, patch: &ConfigPatch) {
        if let Some(v) = &patch.include {
            self.include = v.clone();
        }
        if let Some(v) = &patch.exclude {
            self.exclude = v.clone();
        }
        if let Some(v) = patch.max_file_bytes {
            self.max_file_bytes = v;
        }
        if let Some(d) = &patch.diagnostics {
            if let Some(v) = d.enable {
                self.diagnostics = v;
            }
            if let Some(v) = d.workspace {
                self.workspace_diagnostics = v;
            }
            if let Some(v) = &d.disabled {
                self.disabled_rules = v.iter().map(|c| c.to_ascii_uppercase()).collect();
            }
        }
        if let Some(p) = &patch.people {
            if let Some(v) = &p.aliases {
                self.people_aliases = v.clone();
            }
            if let Some(v) = &p.distinct {
                self.people_distinct = v.clone();
            }
        }
    }

    /// The `[people]` corrections, for the people engine.
    pub fn people_overrides(&self) -> crate::model::people::PeopleOverrides {
        crate::model::people::PeopleOverrides {
            aliases: self.people_aliases.clone(),
            distinct: self.people_distinct.clone(),
        }
    }

    /// The include and exclude globs, compiled.
    pub fn file_filter(&self) -> Result<FileFilter, ConfigError> {
        // FNV-1a over the globs, each ended by a zero byte, the two lists
        // parted by a one.
        let mut globs = Vec::new();
        for glob in &self.include {
            globs.extend_from_slice(glob.as_bytes());
            globs.push(0);
        }
        globs.push(1);
        for glob in &self.exclude {
            globs.extend_from_slice(glob.as_bytes());
            globs.push(0);
        }
        let fingerprint = super::hashes::fnv1a(&globs);
        Ok(FileFilter {
            fingerprint,
            include: if self.include.is_empty() {
                None
            } else {
                Some(glob_set(&self.include)?)
            },
            exclude: glob_set(&self.exclude)?,
        })
    }
}

/// Parses `.cable-ls.toml` text. Its keys are the editor settings'
/// (`include`, `exclude`, `maxFileBytes`, `[diagnostics] enable, disabled`,
/// `[people] aliases, distinct`).
pub fn parse_toml(text: &str, file: &str) -> Result<ConfigPatch, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Toml {
        file: file.to_string(),
        message: e.message().to_string(),
    })
}

/// Parses editor settings: either the settings object itself or one nested
/// under `cable-ls` / `cableLs` (VS Code sends the section).
pub fn parse_json(value: &serde_json::Value) -> Result<ConfigPatch, ConfigError> {
    let value = value
        .get("cable-ls")
        .or_else(|| value.get("cableLs"))
        .unwrap_or(value);
    if value.is_null() {
        return Ok(ConfigPatch::default());
    }
    serde_json::from_value(value.clone()).map_err(|e| ConfigError::Json(e.to_string()))
}

/// Each folder's `.cable-ls.toml` with its stamp (none when there is no
/// such regular file). Taken before [`read_config_files`], a change made
/// while the settings are read shows as a stamp that moved.
pub fn config_stamps(folders: &[PathBuf]) -> Vec<(PathBuf, Option<FileStamp>)> {
    folders
        .iter()
        .map(|folder| {
            let file = folder.join(CONFIG_FILE);
            let stamp = std::fs::symlink_metadata(&file)
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|meta| FileStamp::of(&meta));
            (file, stamp)
        })
        .collect()
}

/// The settings of every folder's `.cable-ls.toml`, in folder order, and
/// the errors met reading them.
pub fn read_config_files(folders: &[PathBuf]) -> (Vec<ConfigPatch>, Vec<String>) {
    let mut patches = Vec::new();
    let mut errors = Vec::new();
    for folder in folders {
        match read_config_file(folder) {
            Ok(Some(p)) => patches.push(p),
            Ok(None) => {}
            Err((file, message)) => errors.push(format!("{}: {message}", file.display())),
        }
    }
    (patches, errors)
}

/// The settings of `folder`'s `.cable-ls.toml`, none when it has none; or
/// the settings file and what is wrong with it.
pub fn read_config_file(folder: &Path) -> Result<Option<ConfigPatch>, (PathBuf, String)> {
    let file = folder.join(CONFIG_FILE);
    // Only a regular file of sensible size, not a link out of the folder,
    // a pipe or `/dev/zero`.
    let Ok(meta) = std::fs::symlink_metadata(&file) else {
        return Ok(None);
    };
    if !meta.is_file() || meta.len() > MAX_CONFIG_BYTES {
        let message = format!("not read: not a regular file of at most {MAX_CONFIG_BYTES} bytes");
        return Err((file, message));
    }
    let mut text = String::new();
    let read = std::fs::File::open(&file).and_then(|f| {
        std::io::Read::read_to_string(&mut std::io::Read::take(f, MAX_CONFIG_BYTES), &mut text)
    });
    if let Err(e) = read {
        return Err((file, format!("not read: {e}")));
    }
    match parse_toml(&text, &file.display().to_string()) {
        Ok(p) => Ok(Some(p)),
        Err(ConfigError::Toml { message, .. }) => Err((file, message)),
        Err(e) => Err((file, e.to_string())),
    }
}

fn glob_set(globs: &[String]) -> Result<GlobSet, ConfigError> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| ConfigError::Glob {
            glob: g.clone(),
            message: e.kind().to_string(),
        })?;
        builder.add(glob);
        // `dir/**` should also exclude the folder `dir` itself during walks.
        if let Some(dir) = g.strip_suffix("/**") {
            if let Ok(glob) = Glob::new(dir) {
                builder.add(glob);
            }
        }
    }
    builder.build().map_err(|e| ConfigError::Glob {
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

/// Include/exclude decisions on paths relative to a workspace folder.
#[derive(Clone, Debug)]
pub struct FileFilter {
    include: Option<GlobSet>,
    exclude: GlobSet,
    /// Tells filters of other globs apart (a folder listing made under
    /// one is not used under another).
    fingerprint: u64,
}

impl FileFilter {
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    pub fn excludes(&self, relative: &Path) -> bool {
        self.exclude.is_match(relative)
    }

    pub fn includes_file(&self, relative: &Path) -> bool {
        !self.excludes(relative) && self.include.as_ref().is_none_or(|i| i.is_match(relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_then_editor_settings_override_key_by_key() {
        let mut config = Config::default();
        let file = parse_toml(
            "include = [\"cables/**\"]\n[diagnostics]\ndisabled = [\"b002\"]\n",
            ".cable-ls.toml",
        )
        .unwrap();
        config.apply(&file);
        assert!(!config.workspace_diagnostics);
        let editor = parse_json(
            &serde_json::json!({"cable-ls": {"diagnostics": {"enable": false, "workspace": true}}}),
        )
        .unwrap();
        config.apply(&editor);
        assert_eq!(config.include, ["cables/**"]);
        assert_eq!(config.disabled_rules, ["B002"]);
        assert!(!config.diagnostics);
        assert!(config.workspace_diagnostics);
        assert_eq!(config.exclude, Config::default().exclude);
    }

    #[test]
    fn people_corrections_from_toml_and_editor() {
        let mut config = Config::default();
        let file = parse_toml(
            "[people]\naliases = [[\"Sarkozy\", \"Nicolas Sarkozy\"]]\ndistinct = [[\"Bush\", \"George W. Bush\"]]\n",
            ".cable-ls.toml",
        )
        .unwrap();
        config.apply(&file);
        assert_eq!(config.people_aliases, [["Sarkozy", "Nicolas Sarkozy"]]);
        let editor =
            parse_json(&serde_json::json!({"cableLs": {"people": {"distinct": []}}})).unwrap();
        config.apply(&editor);
        assert_eq!(config.people_aliases, [["Sarkozy", "Nicolas Sarkozy"]]);
        assert!(config.people_distinct.is_empty());
        let err = parse_toml("[people]\nalias = []", ".cable-ls.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            ".cable-ls.toml: unknown field `alias`, expected `aliases` or `distinct`"
        );
    }

    #[test]
    fn unknown_keys_and_bad_globs_are_errors() {
        let err = parse_toml("inclde = []", ".cable-ls.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            ".cable-ls.toml: unknown field `inclde`, expected one of `include`, `exclude`, `maxFileBytes`, `diagnostics`, `people`"
        );
        let config = Config {
            exclude: vec!["a/[".into()],
            ..Config::default()
        };
        assert_eq!(
            config.file_filter().unwrap_err().to_string(),
            "bad glob `a/[`: unclosed character class; missing ']'"
        );
    }

    #[test]
    fn filters_relative_paths() {
        let config = Config {
            include: vec!["cables/**".into()],
            ..Config::default()
        };
        let filter = config.file_filter().unwrap();
        assert!(filter.includes_file(Path::new("cables/08ROME1406.txt")));
        assert!(!filter.includes_file(Path::new("notes/todo.txt")));
        assert!(filter.excludes(Path::new("cables/node_modules")));
        assert!(!filter.includes_file(Path::new("cables/.git/HEAD")));
    }
}
