//! Keys the chart answers to, from DOM `KeyboardEvent.key` strings (no DOM types here).

/// A key the chart's data cursor uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Previous month.
    Left,
    /// Next month.
    Right,
    /// First month shown.
    Home,
    /// Last month shown.
    End,
    /// A year back.
    PageUp,
    /// A year on.
    PageDown,
    /// Dismiss the tooltip.
    Escape,
    /// Show the tooltip of the month under the cursor.
    Enter,
}

/// The [`Key`] for a DOM `KeyboardEvent.key` value, or `None` for keys the chart leaves to
/// the browser (Tab must leave the chart: no keyboard trap, WCAG 2.1.2).
pub fn key_from_dom(key: &str) -> Option<Key> {
    Some(match key {
        "ArrowLeft" | "Left" | "ArrowDown" | "Down" => Key::Left,
        "ArrowRight" | "Right" | "ArrowUp" | "Up" => Key::Right,
        "Home" => Key::Home,
        "End" => Key::End,
        "PageUp" => Key::PageUp,
        "PageDown" => Key::PageDown,
        "Escape" | "Esc" => Key::Escape,
        "Enter" | " " | "Spacebar" => Key::Enter,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_names_map_to_keys() {
        assert_eq!(key_from_dom("ArrowLeft"), Some(Key::Left));
        assert_eq!(key_from_dom("ArrowRight"), Some(Key::Right));
        assert_eq!(key_from_dom("Esc"), Some(Key::Escape));
        assert_eq!(key_from_dom(" "), Some(Key::Enter));
        assert_eq!(key_from_dom("PageDown"), Some(Key::PageDown));
        assert_eq!(key_from_dom("Tab"), None);
        assert_eq!(key_from_dom("a"), None);
    }
}
