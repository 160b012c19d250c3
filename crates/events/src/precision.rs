//! Place and time precision codes of each source: radius and description.
//!
//! The choice of each radius is explained in the crate docs.

/// Radius (km) for a UCDP GED `where_prec` code: 1 → 1 km, 2 → 25 km, 3 → 50 km, 4-7
/// (ADM1 or coarser) → none; unknown codes → none.
pub fn ucdp_radius_km(where_prec: u8) -> Option<f64> {
    match where_prec {
        1 => Some(1.0),
        2 => Some(25.0),
        3 => Some(50.0),
        _ => None,
    }
}

/// Radius (km) for an ACLED `geo_precision` code: 1 → 2 km, 2 → 25 km, 3 → none.
pub fn acled_radius_km(geo_precision: u8) -> Option<f64> {
    match geo_precision {
        1 => Some(2.0),
        2 => Some(25.0),
        _ => None,
    }
}

/// Radius (km) for a GDELT `Geo_Type` code: 3 (US city) and 4 (world city) → 10 km;
/// 1 (country), 2 (US state), 5 (ADM1) → none.
pub fn gdelt_radius_km(geo_type: u8) -> Option<f64> {
    match geo_type {
        3 | 4 => Some(10.0),
        _ => None,
    }
}

pub(crate) fn ucdp_where(where_prec: u8) -> &'static str {
    match where_prec {
        1 => "where_prec 1: exact place",
        2 => "where_prec 2: limited area around a place",
        3 => "where_prec 3: second-order administrative division (ADM2)",
        4 => "where_prec 4: first-order administrative division (ADM1)",
        5 => "where_prec 5: larger than ADM1, between places, or vague",
        6 => "where_prec 6: country",
        _ => "where_prec 7: international waters or airspace",
    }
}

pub(crate) fn ucdp_date(date_prec: u8) -> &'static str {
    match date_prec {
        1 => "exact day",
        2 => "2-6 days",
        3 => "week",
        4 => "month",
        _ => "year",
    }
}

pub(crate) fn acled_geo(geo_precision: u8) -> &'static str {
    match geo_precision {
        1 => "geo_precision 1: a particular town",
        2 => "geo_precision 2: near a town, or part of a region",
        _ => "geo_precision 3: a larger region",
    }
}

pub(crate) fn gdelt_geo(geo_type: u8) -> &'static str {
    match geo_type {
        1 => "Geo_Type 1: country centroid (GDELT, machine-coded: low confidence)",
        2 => "Geo_Type 2: US state centroid (GDELT, machine-coded: low confidence)",
        3 => "Geo_Type 3: US city (GDELT, machine-coded: low confidence)",
        4 => "Geo_Type 4: world city (GDELT, machine-coded: low confidence)",
        _ => "Geo_Type 5: ADM1 centroid (GDELT, machine-coded: low confidence)",
    }
}
