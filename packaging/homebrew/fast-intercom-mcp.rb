# Homebrew formula for the release binaries; the published copy lives in the tap
# (fast-intercom-mcp/homebrew-tap). update_formula.ts rewrites version, urls and sha256 per release.
class FastIntercomMcp < Formula
  desc "Local, searchable cache of an Intercom workspace, served to AI assistants over MCP"
  homepage "https://github.com/fast-intercom-mcp/fast-intercom-mcp"
  version "0.1.0"
  license "MIT"

  on_macos do
    if Hardware::CPU.arm?
      url "https://github.com/fast-intercom-mcp/fast-intercom-mcp/releases/download/v0.1.0/fast-intercom-mcp-v0.1.0-aarch64-apple-darwin.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    else
      url "https://github.com/fast-intercom-mcp/fast-intercom-mcp/releases/download/v0.1.0/fast-intercom-mcp-v0.1.0-x86_64-apple-darwin.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
  end

  on_linux do
    if Hardware::CPU.arm?
      url "https://github.com/fast-intercom-mcp/fast-intercom-mcp/releases/download/v0.1.0/fast-intercom-mcp-v0.1.0-aarch64-unknown-linux-gnu.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    else
      url "https://github.com/fast-intercom-mcp/fast-intercom-mcp/releases/download/v0.1.0/fast-intercom-mcp-v0.1.0-x86_64-unknown-linux-gnu.tar.gz"
      sha256 "0000000000000000000000000000000000000000000000000000000000000000"
    end
  end

  def install
    bin.install "fast-intercom-mcp"
  end

  test do
    assert_match "fast-intercom-mcp #{version}", shell_output("#{bin}/fast-intercom-mcp --version")
  end
end
