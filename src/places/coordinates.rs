//! A fiche's coordinates, as people copy them from a map: latitude then longitude,
//! in decimal degrees, with a point or a French decimal comma.

/// A point in WGS 84 decimal degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

/// Why coordinates could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoordinatesError {
    /// Not two numbers.
    Shape,
    /// A latitude past ±90° or a longitude past ±180°.
    Range,
}

/// `45.5646, 5.9178`, `45,5646; 5,9178`, `45.5646 5.9178`: latitude first.
pub fn parse_coordinates(text: &str) -> Result<Coordinates, CoordinatesError> {
    let text = text.trim();
    let parts: Vec<&str> = if text.contains(';') {
        text.split(';').collect()
    } else if text.contains(", ") {
        text.split(", ").collect()
    } else if text.matches(',').count() == 1 {
        text.split(',').collect()
    } else {
        text.split_whitespace().collect()
    };
    let numbers: Vec<f64> = parts
        .iter()
        .map(|p| p.trim().replace(',', ".").parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| CoordinatesError::Shape)?;
    let [lat, lon] = numbers[..] else {
        return Err(CoordinatesError::Shape);
    };
    if !lat.is_finite() || !lon.is_finite() {
        return Err(CoordinatesError::Shape);
    }
    if lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(CoordinatesError::Range);
    }
    Ok(Coordinates { lat, lon })
}
