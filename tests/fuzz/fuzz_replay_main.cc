// A main() for the fuzz targets where libFuzzer is not available (GCC builds):
// runs LLVMFuzzerTestOneInput once per input, so the seed corpus and every
// crash ever found stay regression tests in the ordinary ctest run.
//
//   <name>_replay PATH...        each file is one input; a directory means
//                                every regular file in it (sorted)
//   <name>_replay --lines PATH   each line of the file(s) is one input
//
// Exits 0 after the last input; a failing input aborts (the target's checks
// or a sanitizer), naming the input on stderr first.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> Expand(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  return files;
}

void Run(const std::string& input, const std::string& name) {
  std::fprintf(stderr, "\r%-70.70s", name.c_str());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  bool lines = false;
  long count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lines") {
      lines = true;
      continue;
    }
    for (const auto& file : Expand(arg)) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return 2;
      }
      if (lines) {
        std::string line;
        for (long n = 1; std::getline(in, line); ++n, ++count) Run(line, file.string() + ":" + std::to_string(n));
      } else {
        const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        Run(data, file.string());
        ++count;
      }
    }
  }
  std::fprintf(stderr, "\rreplayed %ld inputs%60s\n", count, "");
  return count > 0 ? 0 : 2;
}
