package dev.klite.apiserver.table;

/** One {@code meta.k8s.io/v1} TableColumnDefinition (pkg/printers/internalversion/printers.go). */
public record ColumnDefinition(String name, String type, String format, String description, int priority) {
  public static ColumnDefinition name(String description) {
    return new ColumnDefinition("Name", "string", "name", description, 0);
  }

  public static ColumnDefinition string(String name, String description) {
    return new ColumnDefinition(name, "string", "", description, 0);
  }

  public static ColumnDefinition wide(String name, String description) {
    return new ColumnDefinition(name, "string", "", description, 1);
  }
}
