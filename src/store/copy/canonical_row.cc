#include "store/copy/canonical_row.h"

#include <fmt/format.h>

#include <charconv>

namespace aftermath::store_copy {
namespace {

// fmt's default: the shortest text that reads back as the same double ("0.1", "1e+300", "inf").
std::string FormatDouble(double v) { return fmt::format("{}", v); }

std::string Hex(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  out.pop_back();
  return out;
}

Status Mismatch(std::string_view stored, std::string_view expected) {
  return InvalidArgument(fmt::format("holds {} where {} is expected", stored, expected));
}

}  // namespace

Result<Value> FromSqlite(const sql::Statement& row, int col, int type_col, ColumnKind kind) {
  if (row.IsNull(col)) return Value();
  std::string type = row.Text(type_col);  // typeof(): integer, real, text or blob
  switch (kind) {
    case ColumnKind::kText: {
      if (type != "text") return Mismatch(type, "text");
      std::string text = row.Text(col);
      if (text.find('\0') != std::string::npos) {
        return InvalidArgument("holds text with a NUL character, which PostgreSQL cannot store");
      }
      return Value(std::move(text));
    }
    case ColumnKind::kInteger:
      if (type != "integer") return Mismatch(type, "an integer");
      return Value(fmt::format("{}", row.Int(col)));
    case ColumnKind::kBoolean: {
      int64_t v = row.Int(col);
      if (type != "integer" || (v != 0 && v != 1)) return Mismatch(type, "a boolean (0 or 1)");
      return Value(v ? "1" : "0");
    }
    case ColumnKind::kReal:
      // Text would go through SQLite's 15-digit rendering; the double itself is exact.
      if (type != "real" && type != "integer") return Mismatch(type, "a number");
      return Value(FormatDouble(row.Double(col)));
    case ColumnKind::kBlob:
      if (type != "blob" && type != "text") return Mismatch(type, "bytes");
      return Value(Hex(row.Text(col)));
  }
  return Internal("unknown column kind");
}

Result<Value> FromPostgres(const sql::Statement& row, int col, ColumnKind kind) {
  if (row.IsNull(col)) return Value();
  std::string text = row.Text(col);
  switch (kind) {
    case ColumnKind::kText:
    case ColumnKind::kInteger:  // already plain decimal
      return Value(std::move(text));
    case ColumnKind::kBoolean:
      if (text == "t") return Value("1");
      if (text == "f") return Value("0");
      return Internal(fmt::format("PostgreSQL returned '{}' for a boolean", text.substr(0, 8)));
    case ColumnKind::kReal: {
      // PostgreSQL 12+ prints the shortest exact form too, but spells "Infinity" and "NaN".
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return Internal("PostgreSQL returned a double that does not parse");
      }
      return Value(FormatDouble(v));
    }
    case ColumnKind::kBlob:  // bytea_output = hex: "\x0aff"
      if (!text.starts_with("\\x")) return Internal("bytea is not in hex output format");
      return Value(text.substr(2));
  }
  return Internal("unknown column kind");
}

std::string PostgresInput(const std::string& canonical, ColumnKind kind) {
  return kind == ColumnKind::kBlob ? "\\x" + canonical : canonical;
}

TableDigest::TableDigest() { crypto_hash_sha256_init(&state_); }

void TableDigest::AddRow(std::span<const Value> row) {
  // Length-prefixed values: no escaping, and no two different rows render alike.
  std::string out;
  for (const Value& v : row) {
    if (!v) {
      out += 'N';
    } else {
      out += fmt::format("V{}:", v->size());
      out += *v;
    }
  }
  out += '\n';
  crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(out.data()),
                            out.size());
  ++rows_;
}

std::string TableDigest::Finish() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state_, digest);
  return Hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace aftermath::store_copy
