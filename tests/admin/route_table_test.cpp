#include "engine/admin/route_table.hpp"

#include <gtest/gtest.h>

namespace switchboard::admin {
namespace {

using Kind = RouteMatch::Kind;

Handler answer(std::string body) {
    return [body](const Request&) { return text_response(http::status::ok, body); };
}

std::string call(const RouteMatch& m) {
    Request r;
    r.params = m.params;
    return (*m.handler)(r).body;
}

RouteTable sample_table() {
    RouteTable t;
    t.add(http::verb::get, "/healthz", answer("health"));
    t.add(http::verb::get, "/api/v1/tenants/{tenant}/state", answer("state"));
    t.add(http::verb::get, "/api/v1/tenants/{tenant}/conversations/{conversation}/trace",
          answer("trace"));
    t.add(http::verb::post, "/api/v1/reload", answer("reload"));
    return t;
}

TEST(RouteTable, LiteralPathFindsItsHandler) {
    const RouteTable t = sample_table();
    const RouteMatch m = t.resolve(http::verb::get, "/healthz");
    ASSERT_EQ(m.kind, Kind::kFound);
    EXPECT_EQ(call(m), "health");
    EXPECT_TRUE(m.params.empty());
}

TEST(RouteTable, CapturesAreNamedAndInPatternOrder) {
    const RouteTable t = sample_table();
    const RouteMatch m = t.resolve(http::verb::get, "/api/v1/tenants/shop/conversations/c1/trace");
    ASSERT_EQ(m.kind, Kind::kFound);
    EXPECT_EQ(call(m), "trace");
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[0].first, "tenant");
    EXPECT_EQ(m.params[0].second, "shop");
    EXPECT_EQ(m.params[1].first, "conversation");
    EXPECT_EQ(m.params[1].second, "c1");
}

TEST(RouteTable, SegmentsArePercentDecodedAfterSplitting) {
    const RouteTable t = sample_table();
    const RouteMatch m = t.resolve(http::verb::get, "/api/v1/tenants/a%2Fb%20c/state");
    ASSERT_EQ(m.kind, Kind::kFound);
    EXPECT_EQ(m.params[0].second, "a/b c");
}

TEST(RouteTable, UnknownPathIsNotFound) {
    const RouteTable t = sample_table();
    EXPECT_EQ(t.resolve(http::verb::get, "/nope").kind, Kind::kNotFound);
    EXPECT_EQ(t.resolve(http::verb::get, "/healthz/").kind, Kind::kNotFound);
    EXPECT_EQ(t.resolve(http::verb::get, "/api/v1/tenants//state").kind, Kind::kNotFound);
    EXPECT_EQ(t.resolve(http::verb::get, "/").kind, Kind::kNotFound);
}

TEST(RouteTable, KnownPathWithOtherMethodListsTheAllowedOnes) {
    RouteTable t = sample_table();
    t.add(http::verb::delete_, "/healthz", answer("delete"));
    const RouteMatch m = t.resolve(http::verb::post, "/healthz");
    EXPECT_EQ(m.kind, Kind::kMethodNotAllowed);
    EXPECT_EQ(m.allow, "GET, DELETE");
    EXPECT_EQ(t.resolve(http::verb::get, "/api/v1/reload").allow, "POST");
}

TEST(RouteTable, TargetThatIsNotAPathIsBad) {
    const RouteTable t = sample_table();
    EXPECT_EQ(t.resolve(http::verb::get, "*").kind, Kind::kBadPath);
    EXPECT_EQ(t.resolve(http::verb::get, "http://host/healthz").kind, Kind::kBadPath);
    EXPECT_EQ(t.resolve(http::verb::get, "").kind, Kind::kBadPath);
}

TEST(RouteTable, BadPercentEscapeIsBad) {
    const RouteTable t = sample_table();
    const RouteMatch m = t.resolve(http::verb::get, "/api/v1/tenants/%zz/state");
    EXPECT_EQ(m.kind, Kind::kBadPath);
    EXPECT_NE(m.problem.find("%zz"), std::string::npos);
}

TEST(PercentDecode, DecodesHexPairsAndKeepsPlus) {
    EXPECT_EQ(percent_decode("a%41%62c"), "aAbc");
    EXPECT_EQ(percent_decode("%e5%BA%97"), "\xe5\xba\x97");
    EXPECT_EQ(percent_decode("a+b"), "a+b");
    EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecode, RejectsTruncatedOrNonHexEscapes) {
    EXPECT_EQ(percent_decode("%"), std::nullopt);
    EXPECT_EQ(percent_decode("a%4"), std::nullopt);
    EXPECT_EQ(percent_decode("%g1"), std::nullopt);
    EXPECT_EQ(percent_decode("%1g"), std::nullopt);
}

}  // namespace
}  // namespace switchboard::admin
