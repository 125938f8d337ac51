#include "io/pfif/pfif_feed.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "io/pfif/pfif_status.h"

namespace aftermath::io {
namespace {

constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";

class PfifFeedWriter : public RecordWriter {
 public:
  PfifFeedWriter(std::ostream& out, PfifFeedOptions options)
      : out_(out), options_(std::move(options)) {}

  std::string_view format() const override { return "pfif-feed"; }
  bool ok() const override { return failed_.ok() && static_cast<bool>(out_); }
  bool Full() const override { return written_ >= options_.max_results; }
  bool WantsExpiredRecords() const override { return true; }
  bool WantsPfifPersonIds() const override { return true; }
  void SetPfifPersonId(const std::string& id) override { person_record_id_ = id; }

  void Begin() override {
    out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"" << kAtom
         << "\" xmlns:pfif=\"" << kPfifNamespace << "\" xmlns:aftermath=\""
         << kAftermathPfifNamespace << "\">\n";
    Line(2, "id", options_.url);
    Line(2, "title", options_.title);
    Line(2, "updated", pfif::FormatDate(options_.updated));
    out_ << "  <link rel=\"self\" href=\"" << pfif::Escape(options_.url) << "\"/>\n";
  }
  void End() override { out_ << "</feed>\n" << std::flush; }

  void Write(const Person& p, const Report& r, const SourceMap& sources) override {
    // This registry's entry date: when it received the record (see pfif_feed.h).
    const std::string entered = pfif::FormatDate(r.received_at);
    std::string ours = person_record_id_.empty() ? options_.domain + "/" + p.id : person_record_id_;
    if (options_.kind == PfifFeedKind::kPersons) {
      if (r.pfif_kind == PfifKind::kPerson) {
        if (p.purged_at) {
          pfif::Fields f = pfif::PlaceholderFields(r);
          f["entry_date"] = entered;
          return Entry(PfifKind::kPerson, f);
        }
        auto f = pfif::CopiedFields(r);
        if (!f.ok()) {
          failed_ = f.status();
          return;
        }
        (*f)["entry_date"] = entered;
        return Entry(PfifKind::kPerson, *f);
      }
      // A person of ours, written again at each report of ours: what its record says may
      // have changed. A copied person's own record is its entry.
      if (r.pfif_kind == PfifKind::kNone && person_record_id_.empty()) {
        // Once for the reports of one person received together (one list).
        std::string key = p.id + '\x1f' + entered;
        if (key == last_local_) return;
        last_local_ = key;
        return Entry(PfifKind::kPerson,
                     pfif::LocalPersonFields(p, ours, options_.domain, r.received_at));
      }
      return;
    }
    if (r.pfif_kind == PfifKind::kNote) {
      auto f = pfif::CopiedFields(r);
      if (!f.ok()) {
        failed_ = f.status();
        return;
      }
      (*f)["entry_date"] = entered;
      return Entry(PfifKind::kNote, *f);
    }
    if (r.pfif_kind == PfifKind::kNone && pfif::SaysSomething(r)) {
      auto source = sources.find(r.source_id);
      std::string author = source == sources.end() ? r.source_id : source->second.name;
      Entry(PfifKind::kNote,
            pfif::LocalNoteFields(r, ours, options_.domain, author, r.received_at));
    }
  }

 private:
  void Line(int indent, std::string_view tag, std::string_view value) {
    out_ << std::string(indent, ' ') << '<' << tag << '>' << pfif::Escape(value) << "</" << tag
         << ">\n";
  }

  void Entry(PfifKind kind, const pfif::Fields& f) {
    if (skipped_ < options_.skip) {
      auto date = f.find("entry_date");
      if (!options_.skip_date ||
          (date != f.end() && date->second == pfif::FormatDate(*options_.skip_date))) {
        ++skipped_;
        return;
      }
      skipped_ = options_.skip;  // past the date skip counts in
    }
    if (Full()) return;
    ++written_;
    auto get = [&](std::string_view name) -> std::string {
      auto it = f.find(name);
      if (it == f.end()) return {};
      if (options_.may_write && !options_.may_write(kind, name)) return {};
      return it->second;
    };
    bool person = kind == PfifKind::kPerson;
    std::string id = person ? get("person_record_id") : get("note_record_id");
    out_ << "  <entry>\n";
    pfif::WriteElement(out_, 4, kind, f, options_.may_write, {});
    Line(4, "id", "pfif:" + id);
    // Atom wants a title: the person's name, or for a note its id.
    std::string title = person ? get("full_name") : "";
    Line(4, "title", title.empty() ? id : title);
    std::string author = get("author_name");
    if (!author.empty())
      out_ << "    <author><name>" << pfif::Escape(author) << "</name></author>\n";
    Line(4, "updated", get("entry_date"));
    out_ << "  </entry>\n";
  }

  std::ostream& out_;
  PfifFeedOptions options_;
  Status failed_;
  std::string person_record_id_;
  std::string last_local_;  // the last person of ours written, and when
  size_t skipped_ = 0;
  size_t written_ = 0;
};

}  // namespace

Result<PfifFeedPage> ReadPfifFeedPage(std::string_view atom) {
  pugi::xml_document doc;
  // Entities and the like are the reader's concern (pfif_reader.cc): here only the dates.
  if (!doc.load_buffer(atom.data(), atom.size(), pugi::parse_default & ~pugi::parse_escapes)) {
    return InvalidArgument("the feed is not well-formed XML");
  }
  auto local = [](const pugi::xml_node& n) {
    std::string_view name = n.name();
    size_t colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
  };
  auto root = doc.document_element();
  if (local(root) != "feed" && local(root) != "pfif") {
    return InvalidArgument(fmt::format("the feed's root is <{}>, not an Atom <feed>",
                                       std::string(root.name()).substr(0, 60)));
  }
  PfifFeedPage page;
  auto take = [&](const pugi::xml_node& record) {
    std::string date;
    for (auto c : record.children()) {
      if (c.type() == pugi::node_element && local(c) == "entry_date") date = c.text().get();
    }
    ++page.entries;
    if (date == page.last_entry_date) {
      ++page.at_last_date;
    } else if (date > page.last_entry_date) {
      page.last_entry_date = date;
      page.at_last_date = 1;
    }
  };
  for (auto e : root.children()) {
    if (e.type() != pugi::node_element) continue;
    if (local(e) == "person" || local(e) == "note") {
      take(e);
      continue;
    }
    if (local(e) != "entry") continue;
    for (auto c : e.children()) {
      if (c.type() == pugi::node_element && (local(c) == "person" || local(c) == "note")) {
        take(c);
        break;
      }
    }
  }
  return page;
}

std::unique_ptr<RecordWriter> MakePfifFeedWriter(std::ostream& out, PfifFeedOptions options) {
  return std::make_unique<PfifFeedWriter>(out, std::move(options));
}

}  // namespace aftermath::io
