public enum RegimensPlaceholder {}
