"""Recomputes what bench_model_parity wrote with the PyTorch port, from the
C++ checkpoint, and prints the largest absolute difference of every output.

    /usr/bin/python3 check_parity.py DIR [--tolerance 1e-5] [--json]

DIR holds model.pt (the checkpoint) and parity.pt (inputs and the C++
outputs). The port is built from the checkpoint's own config and loaded with
load_state_dict(strict=True), then run twice: as a PyTorch user writes the
recurrence (concatenated inputs) and with the C++ algebra (split first
layers). Exits 1 when any difference is above the tolerance.
"""
import argparse
import json
import os
import sys

import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rssm_port  # noqa: E402


def max_diff(a, b):
    return float((a.double() - b.double()).abs().max()) if a.numel() else 0.0


def load_model(checkpoint, split):
    options = rssm_port.ModelOptions.from_config(yaml.safe_load(checkpoint["config"]), checkpoint["obs_dim"], checkpoint["action_dim"])
    model = rssm_port.WorldModel(options, split_first_layers=split)
    model.load_state_dict(checkpoint["model"], strict=True)
    return model


def forward_outputs(model, inputs):
    """The deterministic posterior pass, the prior and the open loop, as the bench ran them."""
    rssm = model.rssm
    out = {}
    with torch.no_grad():
        model.eval()
        out["features"] = model.stacked_features(inputs["obs_stack"])
        out["embed"] = rssm.obs_embed(out["features"])
        out["prev_action"] = model.previous_actions(inputs["action"], inputs["is_first"])
        h, z, post, prior = rssm.observe(out["embed"], out["prev_action"], inputs["is_first"], sample=False)
        out.update(post_h=h, post_z=z, post_stats=post, prior_stats=prior, prior_std=rssm.dist.stddev(prior))
        out["decoded"] = rssm.decode(h, z)
        out["posterior_obs"] = model.to_observation(out["decoded"])
        context, horizon = inputs["context"], inputs["horizon"]
        actions = inputs["action"][:, context - 1:context - 1 + horizon]
        ih, iz, istats = rssm.imagine(h[:, context - 1], z[:, context - 1], actions, sample=False)
        out.update(imagine_h=ih, imagine_z=iz, imagine_prior_stats=istats)
        out["imagine_obs"] = model.to_observation(rssm.decode(ih, iz))
        reset_action = model.previous_actions(inputs["action"], inputs["is_first_reset"])
        rh, rz, rpost, _ = rssm.observe(out["embed"], reset_action, inputs["is_first_reset"], sample=False)
        out.update(reset_h=rh, reset_z=rz, reset_post_stats=rpost)
    return out


def batch_of(d):
    return d["obs"], d["obs_stack"], d["action"], d["is_first"]


def check(checkpoint, parity, split):
    diffs = {}
    model = load_model(checkpoint, split)
    ours = forward_outputs(model, parity["inputs"])
    for name, ref in parity["outputs"].items():
        diffs[name] = max_diff(ours[name], ref)

    # The sampled loss: the same seed, the same draws in the same order.
    model.train()
    loss = parity["loss"]
    torch.manual_seed(loss["seed"])
    terms = model.loss(*batch_of(parity["inputs"]))
    model.zero_grad()
    terms["loss"].backward()
    for name, value in loss["values"].items():
        diffs[f"loss.{name}"] = abs(terms[name].item() - value)
    params = dict(model.named_parameters())
    diffs["grads"] = max(max_diff(params[name].grad, ref) for name, ref in loss["grads"].items())
    grad_scale = max(float(ref.abs().max()) for ref in loss["grads"].values())

    # One training step from the checkpoint's weights and Adam state.
    model = load_model(checkpoint, split)
    optimizer = rssm_port.make_optimizer(model, parity["train_step"]["lr"])
    state = checkpoint["optimizer"]
    for name, p in model.named_parameters():
        if name in state["exp_avg"]:
            # PyTorch 1.13 keeps Adam's step count as a tensor.
            optimizer.state[p] = {"step": torch.tensor(float(state["step"][name])), "exp_avg": state["exp_avg"][name].clone(),
                                  "exp_avg_sq": state["exp_avg_sq"][name].clone()}
    step = parity["train_step"]
    torch.set_rng_state(step["torch_rng"])
    values, grad_norm = rssm_port.train_step(model, optimizer, batch_of(step), step["grad_clip"])
    for name, value in step["values"].items():
        diffs[f"step.{name}"] = abs(values[name] - value)
    diffs["step.grad_norm"] = abs(grad_norm - step["grad_norm"])
    params = dict(model.named_parameters())
    diffs["step.weights_after"] = max(max_diff(params[name], ref) for name, ref in step["weights_after"].items())
    return diffs, grad_scale


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--tolerance", type=float, default=1e-5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)  # as the C++ side: reductions in one fixed order
    checkpoint = torch.load(os.path.join(args.dir, "model.pt"))
    parity = torch.load(os.path.join(args.dir, "parity.pt"))

    results = {}
    for variant, split in (("loop", False), ("split", True)):
        diffs, grad_scale = check(checkpoint, parity, split)
        results[variant] = {"max_diff": max(diffs.values()), "diffs": diffs, "grad_scale": grad_scale}
    ok = all(r["max_diff"] <= args.tolerance for r in results.values())
    if args.json:
        print(json.dumps({"ok": ok, "tolerance": args.tolerance, **results}))
    else:
        names = list(results["loop"]["diffs"])
        print(f"{'output':28s} {'port (loop)':>12s} {'port (split)':>13s}")
        for name in names:
            print(f"{name:28s} {results['loop']['diffs'][name]:12.3e} {results['split']['diffs'][name]:13.3e}")
        print(f"{'largest':28s} {results['loop']['max_diff']:12.3e} {results['split']['max_diff']:13.3e}"
              f"   (tolerance {args.tolerance:g}; largest gradient {results['loop']['grad_scale']:.3g})")
        print("parity: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
