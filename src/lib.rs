//! cable-ls: a language server and command line for diplomatic cable files.

pub mod data {
    pub mod tags {
        pub fn lookup_tag(code: &str) -> Option<()> {
            ["PREL", "PGOV", "SR", "KV", "OVIP", "CI", "SN", "ASEC", "SNAR", "IT", "UNSC", "VI", "YI", "RO", "PROG", "KO", "UN", "PTER", "MASS", "VE", "RS"].iter().any(|c| c.eq_ignore_ascii_case(code)).then_some(())
        }
        pub fn is_person_tag(code: &str) -> bool {
            ["OVIP", "OEXC", "OTRA", "OREP", "OCON"].iter().any(|c| c.eq_ignore_ascii_case(code))
        }
    }
}
pub mod syntax;
