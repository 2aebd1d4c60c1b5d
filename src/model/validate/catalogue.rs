//! The catalogue files: dataset info, areas, categories, the duty catalogue and the
//! translations of its terms.

use std::collections::HashSet;

use super::super::raw::{
    RawAreas, RawCategories, RawDatasetInfo, RawDuties, RawDuty, RawDutyDefault, RawReview,
    RawTranslations,
};
use super::super::{Area, Category, Duty, DutyDefault, DutyDefaults, ReviewQuestion, Translation};
use super::Checker;
use super::formats::{date_only, is_ccm_control, is_nist_control};

pub(super) fn check_info(checker: &mut Checker, info: RawDatasetInfo) -> (String, String) {
    let parts: Vec<&str> = info.version.split('.').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|part| part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()))
    {
        checker.report(
            "dataset.toml",
            "version",
            format!(
                "`{}` must be a semantic version such as 1.2.3",
                info.version
            ),
        );
    }
    let date = date_only(&info.date).unwrap_or_else(|| {
        checker.report("dataset.toml", "date", "must be a date such as 2026-11-28");
        String::new()
    });
    (info.version, date)
}

pub(super) fn check_areas(checker: &mut Checker, raw: RawAreas) -> Vec<Area> {
    let mut seen = HashSet::new();
    let mut areas = Vec::new();
    for (i, area) in raw.area.into_iter().enumerate() {
        let field = format!("area[{i}]");
        checker.identifier("areas.toml", &format!("{field}.id"), &area.id);
        checker.non_empty("areas.toml", &format!("{field}.title"), &area.title);
        if !seen.insert(area.id.clone()) {
            checker.report(
                "areas.toml",
                format!("{field}.id"),
                format!("`{}` is listed twice", area.id),
            );
        }
        areas.push(Area {
            id: area.id,
            title: area.title,
            description: area.description,
            aliases: area.aliases,
        });
    }
    areas
}

pub(super) fn check_categories(checker: &mut Checker, raw: RawCategories) -> Vec<Category> {
    let mut seen = HashSet::new();
    let mut categories = Vec::new();
    for (i, category) in raw.category.into_iter().enumerate() {
        let field = format!("category[{i}].id");
        checker.identifier("categories.toml", &field, &category.id);
        if !seen.insert(category.id.clone()) {
            checker.report(
                "categories.toml",
                field,
                format!("`{}` is listed twice", category.id),
            );
        }
        categories.push(Category {
            id: category.id,
            title: category.title,
        });
    }
    categories
}

pub(super) fn check_duties(
    checker: &mut Checker,
    raw: RawDuties,
    area_ids: &HashSet<&str>,
) -> Vec<Duty> {
    const FILE: &str = "duties.toml";
    let mut seen = HashSet::new();
    let mut duties = Vec::new();
    for duty in raw.duty {
        let field = format!("duty[{}]", duty.id);
        checker.identifier(FILE, &format!("{field}.id"), &duty.id);
        checker.non_empty(FILE, &format!("{field}.title"), &duty.title);
        checker.non_empty(FILE, &format!("{field}.description"), &duty.description);
        if !seen.insert(duty.id.clone()) {
            checker.report(FILE, format!("{field}.id"), "the duty is listed twice");
        }
        if !area_ids.contains(duty.area.as_str()) {
            checker.report(
                FILE,
                format!("{field}.area"),
                format!("`{}` is not an area of areas.toml", duty.area),
            );
        }
        for control in &duty.nist {
            if !is_nist_control(control) {
                checker.report(
                    FILE,
                    format!("{field}.nist"),
                    format!("`{control}` is not a NIST SP 800-53 control id such as SI-2"),
                );
            }
        }
        for control in &duty.ccm {
            if !is_ccm_control(control) {
                checker.report(
                    FILE,
                    format!("{field}.ccm"),
                    format!("`{control}` is not a CSA CCM v4 control id such as TVM-04"),
                );
            }
        }
        checker.asks(FILE, &field, &duty.asks, !duty.overlay);
        if let Some(duty) = build_duty(checker, &field, duty) {
            duties.push(duty);
        }
    }
    duties
}

fn build_duty(checker: &mut Checker, field: &str, duty: RawDuty) -> Option<Duty> {
    const FILE: &str = "duties.toml";
    let general_owner = checker.owner(FILE, &format!("{field}.general_owner"), &duty.general_owner);
    let mut default_for = |model: &str, raw: RawDutyDefault| {
        let owner = checker.owner(FILE, &format!("{field}.defaults.{model}.owner"), &raw.owner);
        checker.non_empty(
            FILE,
            &format!("{field}.defaults.{model}.summary"),
            &raw.summary,
        );
        owner.map(|owner| DutyDefault {
            owner,
            summary: raw.summary,
        })
    };
    let infrastructure = default_for("infrastructure", duty.defaults.infrastructure);
    let container = default_for("container", duty.defaults.container);
    let abstracted = default_for("abstracted", duty.defaults.abstracted);
    Some(Duty {
        id: duty.id,
        title: duty.title,
        area: duty.area,
        description: duty.description,
        synonyms: duty.synonyms,
        general_owner: general_owner?,
        nist: duty.nist,
        ccm: duty.ccm,
        asks: duty.asks,
        overlay: duty.overlay,
        defaults: DutyDefaults {
            infrastructure: infrastructure?,
            container: container?,
            abstracted: abstracted?,
        },
    })
}

/// The translations: each English term once, no word under two terms, all lowercase.
pub(super) fn check_translations(checker: &mut Checker, raw: RawTranslations) -> Vec<Translation> {
    const FILE: &str = "translations.toml";
    let mut terms = HashSet::new();
    let mut words = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (i, term) in raw.term.into_iter().enumerate() {
        let field = format!("term[{i}]");
        checker.non_empty(FILE, &format!("{field}.en"), &term.en);
        if !terms.insert(term.en.clone()) {
            checker.report(FILE, &field, format!("`{}` is listed twice", term.en));
        }
        for word in &term.words {
            if word.trim().is_empty() || *word != word.to_lowercase() {
                checker.report(
                    FILE,
                    format!("{field}.words"),
                    format!("`{word}` must be a lowercase word or phrase"),
                );
            }
            if let Some(other) = words.insert(word.clone(), term.en.clone())
                && other != term.en
            {
                checker.report(
                    FILE,
                    format!("{field}.words"),
                    format!("`{word}` is also a word for `{other}`"),
                );
            }
        }
        out.push(Translation {
            en: term.en,
            words: term.words,
        });
    }
    out
}

/// The review questions: ids unique, each with known duties.
pub(super) fn check_review(
    checker: &mut Checker,
    raw: RawReview,
    duties: &[Duty],
) -> Vec<ReviewQuestion> {
    const FILE: &str = "review.toml";
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for question in raw.question {
        let field = format!("question[{}]", question.id);
        checker.identifier(FILE, &format!("{field}.id"), &question.id);
        checker.non_empty(FILE, &format!("{field}.question"), &question.question);
        if !seen.insert(question.id.clone()) {
            checker.report(FILE, &field, "listed twice");
        }
        if question.duties.is_empty() {
            checker.report(
                FILE,
                format!("{field}.duties"),
                "name the duties that bear on it",
            );
        }
        for duty in &question.duties {
            if !duties.iter().any(|known| known.id == *duty) {
                checker.report(
                    FILE,
                    format!("{field}.duties"),
                    format!("`{duty}` is not a duty of duties.toml"),
                );
            }
        }
        out.push(ReviewQuestion {
            id: question.id,
            question: question.question,
            duties: question.duties,
        });
    }
    out
}
