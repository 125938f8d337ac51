#include "access/audit_chain.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

namespace aftermath::access {
namespace {

constexpr size_t kKeyBytes = crypto_auth_hmacsha256_KEYBYTES;
constexpr std::string_view kAnchorMark = "aftermath-anchor v1";

using Key = std::array<unsigned char, kKeyBytes>;

std::string Hmac(const Key& key, std::string_view message) {
  unsigned char out[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.data());
  char hex[sizeof out * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

// Constant time, so a verifier does not leak how much of a forged MAC was right.
bool SameMac(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsHex(std::string_view s, size_t size) {
  if (s.size() != size) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Closes a descriptor on every return path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

Result<Key> ReadKey(const std::string& path) {
  Fd f{open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (f.fd < 0) {
    if (errno == ENOENT) return NotFound(fmt::format("no audit key at {}", path));
    return Unavailable(fmt::format("cannot read the audit key {}: {}", path, std::strerror(errno)));
  }
  struct stat st {};
  if (fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return FailedPrecondition(fmt::format("the audit key {} is not a regular file", path));
  }
  // The key is worth no more than its file's protection: refuse rather than warn.
  if ((st.st_mode & 077) != 0) {
    return FailedPrecondition(
        fmt::format("the audit key {} may be read or written by group or others (mode {:04o}); "
                    "run chmod 600 on it",
                    path, st.st_mode & 07777));
  }
  char buf[kKeyBytes * 2 + 8];
  ssize_t n = read(f.fd, buf, sizeof buf);
  if (n < 0) {
    return Unavailable(fmt::format("cannot read the audit key {}: {}", path, std::strerror(errno)));
  }
  std::string_view text(buf, static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  Key key{};
  if (!IsHex(text, kKeyBytes * 2) || sodium_hex2bin(key.data(), key.size(), text.data(),
                                                    text.size(), nullptr, nullptr, nullptr) != 0) {
    return DataLoss(fmt::format("{} does not hold an audit key (64 hex digits)", path));
  }
  return key;
}

// Writes a fresh key to a temporary file and links it into place: link() fails when another
// process got there first, and nobody ever reads a half-written key.
Status CreateKey(const std::string& path) {
  std::filesystem::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  std::string tmp = fmt::format("{}.tmp-{}", path, getpid());
  unlink(tmp.c_str());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return Unavailable(
        fmt::format("cannot create the audit key {}: {}", path, std::strerror(errno)));
  }
  Key key;
  randombytes_buf(key.data(), key.size());
  char hex[kKeyBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  std::string text = std::string(hex) + "\n";
  sodium_memzero(hex, sizeof hex);
  bool ok = fchmod(fd, 0600) == 0 &&
            write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(tmp.c_str());
    return Unavailable(
        fmt::format("cannot write the audit key {}: {}", path, std::strerror(errno)));
  }
  int linked = link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  unlink(tmp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return Unavailable(
        fmt::format("cannot create the audit key {}: {}", path, std::strerror(link_errno)));
  }
  return Status::Ok();
}

std::string AnchorText(int64_t seq, std::string_view hash, std::string_view at) {
  return fmt::format("{} seq={} hash={} at={}", kAnchorMark, seq, hash, at);
}

// Finds field `name` in an anchor as written (" name=value") or as a JSON log line carries it
// (log-format json turns key=value words into fields: "name":value or "name":"value"). The
// values are digits, hex and a timestamp, so the first space, quote, comma or brace ends one.
bool FindField(std::string_view rest, std::string_view name, std::string_view& value) {
  std::string text = fmt::format(" {}=", name), json = fmt::format("\"{}\":", name);
  size_t at = rest.find(text), skip = text.size();
  if (at == std::string_view::npos) {
    at = rest.find(json);
    skip = json.size();
    if (at == std::string_view::npos) return false;
  }
  std::string_view v = rest.substr(at + skip);
  if (v.starts_with('"')) v.remove_prefix(1);
  value = v.substr(0, v.find_first_of(" \",}\\"));
  return true;
}

}  // namespace

Result<AuditMacFunction> LoadAuditKey(const std::string& path, AuditKeyFile mode) {
  if (sodium_init() < 0) return Internal("libsodium failed to initialise");
  if (path.empty()) return InvalidArgument("the audit key file name is empty", "audit-key");
  auto key = ReadKey(path);
  if (!key.ok() && key.status().code() == StatusCode::kNotFound &&
      mode == AuditKeyFile::kCreateIfMissing) {
    RETURN_IF_ERROR(CreateKey(path));
    key = ReadKey(path);
  }
  if (!key.ok()) return key.status();
  auto shared = std::make_shared<const Key>(*key);
  sodium_memzero(key->data(), key->size());
  return AuditMacFunction([shared](std::string_view message) { return Hmac(*shared, message); });
}

Result<std::string> MakeAuditAnchor(Store& store, Timestamp now) {
  const AuditMacFunction& mac = store.AuditMac();
  if (!mac) return FailedPrecondition("an anchor needs the audit key (--audit-key FILE)");
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  ASSIGN_OR_RETURN(auto head, tx->AuditHead());
  std::string text = AnchorText(head.first, head.second, FormatTimestamp(now));
  return fmt::format("{} mac={}", text, mac(text));
}

Result<AuditAnchor> ParseAuditAnchor(std::string_view text, const AuditMacFunction& mac) {
  if (!mac) return FailedPrecondition("checking an anchor needs the audit key (--audit-key FILE)");
  size_t start = text.find(kAnchorMark);
  if (start == std::string_view::npos) {
    return InvalidArgument("no 'aftermath-anchor v1' line found", "anchor");
  }
  std::string_view rest = text.substr(start + kAnchorMark.size());
  std::string_view seq, hash, at, mac_hex;
  auto malformed = [] { return InvalidArgument("a malformed audit anchor", "anchor"); };
  if (!FindField(rest, "seq", seq) || !FindField(rest, "hash", hash) ||
      !FindField(rest, "at", at) || !FindField(rest, "mac", mac_hex)) {
    return malformed();
  }
  AuditAnchor a;
  auto [end, ec] = std::from_chars(seq.data(), seq.data() + seq.size(), a.seq);
  if (ec != std::errc() || end != seq.data() + seq.size() || a.seq < 0 || !IsHex(hash, 64) ||
      !IsHex(mac_hex, 64) || !ParseTimestamp(at).ok()) {
    return malformed();
  }
  a.hash = hash;
  a.at = at;
  a.mac = mac_hex;
  if (!SameMac(mac(AnchorText(a.seq, a.hash, a.at)), a.mac)) {
    return InvalidArgument(
        fmt::format("the audit anchor of {} does not carry this key's MAC: it was altered, or "
                    "made with another key",
                    a.at),
        "anchor");
  }
  return a;
}

Result<AuditVerification> VerifyAuditChain(Store& store, std::span<const AuditAnchor> anchors) {
  ASSIGN_OR_RETURN(auto tx, store.Begin(TransactionMode::kRead));
  return VerifyAuditChain(*tx, store.AuditMac(), anchors);
}

Result<AuditVerification> VerifyAuditChain(AuditLog& log, const AuditMacFunction& mac,
                                           std::span<const AuditAnchor> anchors) {
  std::multimap<int64_t, const AuditAnchor*> by_seq;
  for (const auto& a : anchors) by_seq.emplace(a.seq, &a);
  AuditVerification out;
  out.macs_checked = static_cast<bool>(mac);
  std::string prev_hash(64, '0');
  int64_t expected_seq = 1;
  auto fail = [&](int64_t seq, std::string problem) {
    out.intact = false;
    out.first_bad_seq = seq;
    out.problem = std::move(problem);
    return out;
  };
  auto check_anchors = [&](int64_t seq, const std::string& hash) -> bool {
    auto [lo, hi] = by_seq.equal_range(seq);
    for (auto it = lo; it != hi; ++it) {
      ++out.anchors_checked;
      if (it->second->hash != hash) {
        fail(seq, fmt::format("row {} is not the row anchored at {}: the log was rewritten, or "
                              "cut back and written again",
                              seq, it->second->at));
        return false;
      }
    }
    return true;
  };
  if (!check_anchors(0, prev_hash)) return out;
  for (;;) {
    ASSIGN_OR_RETURN(auto rows, log.ListAudit(expected_seq - 1, 10000));
    if (rows.empty()) break;
    for (const auto& e : rows) {
      if (e.seq != expected_seq) {
        return fail(expected_seq, fmt::format("row {} is missing", expected_seq));
      }
      if (e.prev_hash != prev_hash) {
        return fail(e.seq, fmt::format("row {} does not follow row {}", e.seq, e.seq - 1));
      }
      if (AuditHash(e) != e.hash) {
        return fail(e.seq, fmt::format("row {} was edited", e.seq));
      }
      if (!e.mac.empty()) ++out.keyed_rows;
      if (mac) {
        // Rows from before the key was configured form a prefix; a bare row after a keyed one
        // is what stripping MACs off a rewritten tail would leave.
        if (e.mac.empty()) {
          if (out.keyed_rows > 0) {
            return fail(e.seq, fmt::format("row {} carries no MAC although earlier rows do: it "
                                           "was rewritten, or written without the audit key",
                                           e.seq));
          }
          out.unkeyed_through = e.seq;
        } else if (!SameMac(mac(e.hash), e.mac)) {
          return fail(e.seq, fmt::format("row {} does not carry the audit key's MAC: it was "
                                         "rewritten, or written with another key",
                                         e.seq));
        }
      }
      if (!check_anchors(e.seq, e.hash)) return out;
      prev_hash = e.hash;
      ++expected_seq;
      ++out.rows;
    }
  }
  ASSIGN_OR_RETURN(auto head, log.AuditHead());
  if (head.first != out.rows || head.second != prev_hash) {
    return fail(out.rows + 1, fmt::format("rows after {} were removed (the head is at {})",
                                          out.rows, head.first));
  }
  // An anchor beyond the end: the tail was cut and the head moved back to match.
  if (auto it = by_seq.upper_bound(out.rows); it != by_seq.end()) {
    return fail(out.rows + 1,
                fmt::format("the log ends at row {} but the anchor of {} names row {}: rows "
                            "were removed",
                            out.rows, it->second->at, it->first));
  }
  return out;
}

}  // namespace aftermath::access
