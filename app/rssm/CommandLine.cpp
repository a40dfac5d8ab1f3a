#include "rssm/CommandLine.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace rssm::cli {

namespace {

const char* kCommands[] = {"inspect", "export", "train", "eval", "plot"};

// A whole number in [least, most], checked on the text so "3x" or "1.5" is
// refused with the option's name instead of being read as 3 or 1.
CLI::Validator wholeNumber(int64_t least, int64_t most = std::numeric_limits<int64_t>::max()) {
    const std::string range =
        most == std::numeric_limits<int64_t>::max() ? "at least " + std::to_string(least) : "from " + std::to_string(least) + " to " + std::to_string(most);
    return CLI::Validator(
        [least, most, range](std::string& text) -> std::string {
            errno = 0;
            char* end = nullptr;
            const long long v = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || *end != '\0' || errno == ERANGE || v < least || v > most)
                return "expected a whole number " + range + ", got '" + text + "'";
            return {};
        },
        "", "");
}

// The settings' place in the usage line and help. They never reach CLI11
// (parseCommandLine sets them aside first), so what lands here is a word
// that is neither an option nor a setting.
void addSettings(CLI::App* command, std::vector<std::string>& strays) {
    command->add_option("settings", strays, "key=value overrides of the config (below)")->type_name("KEY=VALUE");
    command->footer(
        "\nSettings: key=value overrides of the config, Hydra style (data.seq_len=32 model.use_vae=false;\n"
        "+key=value and ++key=value too), anywhere on the line; the keys are those of\n"
        "resources/config/train_default.yaml and resources/config/eval.yaml.");
}

struct Vocabulary {
    CLI::App app{"rssm: the command line of the RSSM workbench: summarise and convert replay buffers, train world "
                 "models and evaluate them.",
                 "rssm"};
    Invocation inv;
    std::string positionalBuffer;
    std::string requiredOut;
    std::vector<std::string> strays;

    Vocabulary() {
        app.set_version_flag("--version", "rssm " RSSM_VERSION);
        app.require_subcommand(0, 1);
        app.get_formatter()->column_width(36);
        app.footer("\nrssm COMMAND --help describes one command. Commands that need no tensors (inspect, export, --help)\n"
                   "never load LibTorch.");

        CLI::App* inspect = app.add_subcommand("inspect", "summarise a replay buffer (pickle or HDF5): keys, dtypes, shapes, episodes");
        inspect->add_option("--buffer-path", inv.bufferPath, "the buffer: a FACTR buf.pkl or an HDF5 export")->type_name("PATH");
        inspect->add_option("buffer", positionalBuffer, "the buffer, instead of --buffer-path")->type_name("PATH");
        inspect->add_option("--rollout-config", inv.rolloutConfig, "rollout_config.yaml: adds its normalisation and physical statistics")
            ->type_name("YAML");
        inspect->add_flag("--json", inv.json, "one line of JSON instead of the table");

        CLI::App* exportCommand = app.add_subcommand("export", "write a replay buffer to HDF5 (docs/buffer-formats.md)");
        exportCommand->add_option("--buffer-path", inv.bufferPath, "the buffer to convert")->type_name("PATH")->required();
        exportCommand->add_option("--out", requiredOut, "the HDF5 file to write")->type_name("FILE.h5")->required();

        CLI::App* train = app.add_subcommand("train", "train a world model (resources/config/train_default.yaml), resume one, or sweep settings");
        train->add_option("--config", inv.config, "the config to start from instead of the defaults")->type_name("YAML");
        train->add_option("--resume", inv.resume, "continue the run (or with -m, the sweep) in DIR from its latest checkpoint")->type_name("DIR");
        train->add_flag("-m,--multirun", inv.multirun, "a sweep: one run per combination of key=a,b,c values, in logging.dir/logging.name/<i>");
        train->add_option("--jobs", inv.jobs, "with -m: runs trained at once")->type_name("N")->check(wholeNumber(1, 1024));
        train->add_option("--nproc", inv.nproc, "data-parallel training on N local ranks (docs/cluster.md)")->type_name("N")->check(wholeNumber(1, 1024));
        addSettings(train, strays);
        train->footer(train->get_footer() +
                      "\n\nExamples:\n"
                      "  rssm train data.buffer_path=buf.pkl training.steps=1000\n"
                      "  rssm train --resume runs/rssm training.steps=2000\n"
                      "  rssm train -m --jobs 2 model.deter_dim=128,256 data.seq_len=32,64\n"
                      "  rssm train -m --resume runs/rssm      (finish a sweep, skipping its finished runs)\n"
                      "  rssm train --nproc 4 --config my.yaml");
        train->get_option("--config")->excludes("--resume");

        CLI::App* eval = app.add_subcommand("eval", "posterior vs open-loop prior errors of a checkpoint, and their plots");
        eval->add_option("--config", inv.config, "the config to start from instead of the defaults")->type_name("YAML");
        eval->add_flag("--json", inv.json, "one line of JSON on stdout (plot paths go to stderr)");
        addSettings(eval, strays);
        eval->footer(eval->get_footer() + "\n\nExample:\n  rssm eval eval.checkpoint_path=runs/rssm/rssm_step_1000.pt eval.horizon=64 --json");

        CLI::App* plot = app.add_subcommand("plot", "one window's truth, posterior and open-loop prior as PNG");
        plot->add_option("--checkpoint-path", inv.checkpointPath, "the checkpoint (or eval.checkpoint_path=...)")->type_name("PATH");
        plot->add_option("--seq-index", inv.seqIndex, "the window, counted in the eval.split split")->type_name("I")->required()->check(wholeNumber(0));
        plot->add_option("--seq-len", inv.seqLen, "the window's length in steps; its first quarter is observed")
            ->type_name("L")
            ->required()
            ->check(wholeNumber(2));
        plot->add_option("--dims", inv.dims, "the observation dimensions to draw (default: the first eval.plot.max_dims)")
            ->type_name("D")
            ->check(wholeNumber(0));
        plot->add_option("--out", inv.out, "the PNG to write (default sequence_<I>.png)")->type_name("FILE.png");
        plot->add_flag("--no-vae", inv.noVae, "plot without the VAE (only for a checkpoint trained without one)");
        addSettings(plot, strays);
    }

    // Whether `word` (an option of `command`) takes the next word as its
    // value, so that word is not a key=value setting even if it has an '='.
    static bool takesOneValue(const CLI::App* command, const std::string& word) {
        if (word.rfind("--", 0) != 0 || word.find('=') != std::string::npos) return false;
        const CLI::Option* option = command->get_option_no_throw(word);
        return option && option->get_type_size() > 0 && option->get_expected_max() == 1;
    }
};

}  // namespace

bool needsTorch(const std::string& command) { return command == "train" || command == "eval" || command == "plot"; }

ParseOutcome parseCommandLine(int argc, char** argv) {
    Vocabulary v;
    ParseOutcome outcome;
    if (argc < 2) {
        outcome.text = v.app.help();
        outcome.status = 2;
        return outcome;
    }
    const std::string first = argv[1];
    const bool known = std::find(std::begin(kCommands), std::end(kCommands), first) != std::end(kCommands);
    if (!known && first.rfind("-", 0) != 0)
        throw UsageError("unknown command '" + first + "'; the commands are inspect, export, train, eval and plot (rssm --help)");

    // key=value settings go aside before CLI11 sees the line, in their order,
    // wherever they stand (after --dims 0 3 too), as they always have.
    std::vector<std::string> words;
    const CLI::App* command = known ? v.app.get_subcommand(first) : nullptr;
    const bool settings = known && needsTorch(first);
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (settings && i > 1 && Vocabulary::takesOneValue(command, word) && i + 1 < argc) {
            words.push_back(word);
            words.push_back(argv[++i]);
        } else if (settings && word.rfind("-", 0) != 0 && word.find('=') != std::string::npos) {
            v.inv.overrides.push_back(word);
        } else {
            words.push_back(word);
        }
    }
    std::reverse(words.begin(), words.end());  // CLI11 takes them last first
    try {
        v.app.parse(words);
    } catch (const CLI::CallForHelp&) {
        outcome.text = v.app.help();
        return outcome;
    } catch (const CLI::CallForAllHelp&) {
        outcome.text = v.app.help("", CLI::AppFormatMode::All);
        return outcome;
    } catch (const CLI::CallForVersion& e) {
        outcome.text = std::string(e.what()) + "\n";
        return outcome;
    } catch (const CLI::ParseError& e) {
        std::string message = e.what();
        if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
            // "The following argument(s) was/were not expected: a b": the first one, in our words.
            std::string extra = message.substr(message.find(": ") + 2);
            extra = extra.substr(0, extra.find(' '));
            message = extra.rfind("-", 0) == 0 ? "unknown option " + extra
                                                : "unexpected argument '" + extra + "'" + (settings ? " (settings are key=value)" : "");
        }
        if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && message.size() > 8 && message.compare(message.size() - 8, 8, " missing") == 0)
            message = message.substr(0, message.find(':')) + " needs a value";
        throw UsageError(message + (known ? "; see rssm " + first + " --help" : "; see rssm --help"));
    }
    if (!known) {  // only global options (neither --help nor --version): nothing to do
        outcome.text = v.app.help();
        outcome.status = 2;
        return outcome;
    }
    Invocation& inv = v.inv;
    inv.command = first;
    if (!v.strays.empty())
        throw UsageError("unexpected argument '" + v.strays.front() + "' (settings are key=value); see rssm " + first + " --help");
    if (first == "inspect") {
        if (!inv.bufferPath.empty() && !v.positionalBuffer.empty()) throw UsageError("give the buffer once: --buffer-path or a path, not both");
        if (inv.bufferPath.empty()) inv.bufferPath = v.positionalBuffer;
        if (inv.bufferPath.empty()) throw UsageError("missing --buffer-path; see rssm inspect --help");
    }
    if (first == "export") inv.out = v.requiredOut;
    if (first == "train") {
        if (inv.multirun && inv.nproc) throw UsageError("--nproc with -m: a sweep's runs are one process each; use --jobs N");
        if (inv.jobs && !inv.multirun) throw UsageError("--jobs runs a sweep's runs at once; give -m (--multirun) and key=a,b,c");
    }
    outcome.invocation = std::move(inv);
    return outcome;
}

}  // namespace rssm::cli
