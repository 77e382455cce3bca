// UTF-8 validity, as the parser (a line that is not UTF-8 is invalid input,
// reason "binary") and label sanitising (an invalid byte becomes U+FFFD) need
// it: overlong forms, surrogates and code points above U+10FFFF are invalid,
// as RFC 3629 says.
#pragma once

#include <cstddef>
#include <string_view>

namespace fwlog {

// Length (1-4) of the valid UTF-8 sequence that starts at s[i], or 0 when the
// bytes there are not one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);

bool IsValidUtf8(std::string_view s);

}  // namespace fwlog
