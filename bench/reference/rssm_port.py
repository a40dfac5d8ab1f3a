"""A PyTorch port of the C++ world model (core/model/) and its loss, for the
speed and parity benchmarks (bench/train_step.sh) and for reading the C++
checkpoints from Python (docs/checkpoints.md).

Module and parameter names are the C++ ones ("vae.encoder.0.weight",
"rssm.gru.weight_ih", "rssm.initial_h"), so a checkpoint's "model" dict loads
with load_state_dict(strict=True). Every ModelOptions setting is ported.

The recurrence is written the way a PyTorch user writes the seed's model: a
plain Python loop over time that calls the modules on concatenated inputs.
Rssm(split_first_layers=True) instead uses the C++ observe()'s algebra (the
action and embedding halves of the first layers as one product for all steps),
to tell apart what the algebra buys from what the language buys.

Random draws are made in the C++ order and shapes (the observe() noise for all
steps first, then the VAE's), so with the same seed both sides draw the same
numbers from the same LibTorch generator and a sampled loss can be compared.

Also here, for the benchmarks: SequenceSampler, numpy windows laid out as
core/data/SequenceDataset's batches, and train_step(), Trainer::trainStep.
"""
import math
from dataclasses import dataclass, fields

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


@dataclass
class ModelOptions:
    """The config's model.* keys (core/model/ModelOptions.h, same defaults)."""
    obs_dim: int = 0
    action_dim: int = 0
    obs_window: int = 1
    use_vae: bool = True
    latent_dim: int = 16
    vae_hidden_dim: int = 128
    vae_beta: float = 0.001
    embed_dim: int = 128
    hidden_dim: int = 256
    deter_dim: int = 128
    stoch_dim: int = 32
    discrete: bool = False
    discrete_classes: int = 8
    unimix: float = 0.01
    min_std: float = 0.1
    act: str = "elu"
    layer_norm: bool = False
    learned_initial_state: bool = False
    symlog_targets: bool = False
    free_nats: float = 1.0
    free_nats_per_sample: bool = False
    kl_scale: float = 1.0
    kl_balance: bool = False
    kl_dyn_scale: float = 0.5
    kl_rep_scale: float = 0.1
    recon_scale: float = 1.0

    @property
    def feature_dim(self):
        return self.latent_dim if self.use_vae else self.obs_dim

    @property
    def stats_dim(self):
        return self.stoch_dim if self.discrete else 2 * self.stoch_dim

    @classmethod
    def from_config(cls, config, obs_dim, action_dim):
        """From a run's config (the parsed YAML of a checkpoint's "config", or
        of config.yaml), as TrainingSession.cpp's modelOptionsFrom()."""
        model = dict(config.get("model", {}))
        # Two keys are spelled differently in the config than in the options.
        discrete = model.pop("latent", "gaussian") == "discrete"
        per_sample = model.pop("free_nats_mode", "batch_mean") == "per_sample"
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in model.items() if k in known}
        return cls(obs_dim=obs_dim, action_dim=action_dim, discrete=discrete, free_nats_per_sample=per_sample, **kwargs)


_ACTIVATIONS = {"elu": nn.ELU, "silu": nn.SiLU, "relu": nn.ReLU, "tanh": nn.Tanh}


def make_mlp(widths, act, layer_norm, activate_last=False):
    """Linear, [LayerNorm], activation blocks as Mlp.cpp's makeMlp lays them
    out, so the Sequential's indices (and parameter names) are the same."""
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        last = i + 2 == len(widths)
        if not last or activate_last:
            if layer_norm:
                layers.append(nn.LayerNorm(widths[i + 1]))
            layers.append(_ACTIVATIONS[act]())
    return nn.Sequential(*layers)


def symlog(x):
    return torch.sign(x) * torch.log1p(torch.abs(x))


def symexp(x):
    return torch.sign(x) * torch.expm1(torch.abs(x))


class LatentDistribution:
    """The stochastic state's distribution from the prior's or posterior's
    output: a diagonal Gaussian (mean, softplus + min_std) or groups of
    categoricals mixed with a uniform, sampled as straight-through one-hots."""

    def __init__(self, o):
        self.o = o

    def _gaussian(self, stats):
        mean, raw = stats.chunk(2, -1)
        return mean, F.softplus(raw) + self.o.min_std

    def _probs(self, stats):
        groups = self.o.stoch_dim // self.o.discrete_classes
        p = torch.softmax(stats.view(*stats.shape[:-1], groups, self.o.discrete_classes), -1)
        if self.o.unimix > 0:
            p = (1.0 - self.o.unimix) * p + self.o.unimix / self.o.discrete_classes
        return p

    def noise_for(self, stats):
        """Standard normals of the latent's shape, or one uniform per group."""
        if self.o.discrete:
            return torch.rand(*stats.shape[:-1], self.o.stoch_dim // self.o.discrete_classes, dtype=stats.dtype, device=stats.device)
        return torch.randn(*stats.shape[:-1], self.o.stoch_dim, dtype=stats.dtype, device=stats.device)

    def sample(self, stats, noise):
        if not self.o.discrete:
            mean, std = self._gaussian(stats)
            return mean + std * noise
        # Inverse CDF with the given uniforms: the first class whose cumulative
        # probability reaches u; the one-hot forward, the probabilities' gradient back.
        p = self._probs(stats)
        index = (p.cumsum(-1) < noise.unsqueeze(-1)).sum(-1, keepdim=True).clamp_max(self.o.discrete_classes - 1)
        onehot = torch.zeros_like(p).scatter_(-1, index, 1.0)
        return (onehot + p - p.detach()).reshape(stats.shape)

    def mode(self, stats):
        if not self.o.discrete:
            return self._gaussian(stats)[0]
        p = self._probs(stats)
        return torch.zeros_like(p).scatter_(-1, p.argmax(-1, keepdim=True), 1.0).reshape(stats.shape)

    def kl(self, post_stats, prior_stats):
        """KL(q || p) summed over the latent: one value per leading index."""
        if not self.o.discrete:
            q_mean, q_std = self._gaussian(post_stats)
            p_mean, p_std = self._gaussian(prior_stats)
            ratio = (q_std / p_std).pow(2)
            term = (q_mean - p_mean) / p_std
            return (0.5 * (ratio + term.pow(2) - 1.0 - ratio.log())).sum(-1)
        q = self._probs(post_stats)
        p = self._probs(prior_stats)
        return (q * (q.log() - p.log())).sum((-2, -1))

    def stddev(self, stats):
        if not self.o.discrete:
            return self._gaussian(stats)[1]
        p = self._probs(stats)
        return (p * (1.0 - p)).sqrt().reshape(stats.shape)


class Vae(nn.Module):
    def __init__(self, o):
        super().__init__()
        self.encoder = make_mlp([o.obs_dim, o.vae_hidden_dim, o.vae_hidden_dim, 2 * o.latent_dim], o.act, o.layer_norm)
        self.decoder = make_mlp([o.latent_dim, o.vae_hidden_dim, o.vae_hidden_dim, o.obs_dim], o.act, o.layer_norm)

    def encode(self, obs):
        mean, logvar = self.encoder(obs).chunk(2, -1)
        return mean, logvar.clamp(-10.0, 10.0)

    def decode(self, latent):
        return self.decoder(latent)


class Rssm(nn.Module):
    def __init__(self, o, split_first_layers=False):
        super().__init__()
        self.o = o
        self.dist = LatentDistribution(o)
        self.split_first_layers = split_first_layers
        self.obs_embed = make_mlp([o.obs_window * o.feature_dim, o.hidden_dim, o.embed_dim], o.act, o.layer_norm, True)
        self.img_in = make_mlp([o.stoch_dim + o.action_dim, o.hidden_dim], o.act, o.layer_norm, True)
        self.gru = nn.GRUCell(o.hidden_dim, o.deter_dim)
        self.prior = make_mlp([o.deter_dim, o.hidden_dim, o.stats_dim], o.act, o.layer_norm)
        self.post = make_mlp([o.deter_dim + o.embed_dim, o.hidden_dim, o.stats_dim], o.act, o.layer_norm)
        self.decoder = make_mlp([o.deter_dim + o.stoch_dim, o.hidden_dim, o.hidden_dim, o.feature_dim], o.act, o.layer_norm)
        if o.learned_initial_state:
            self.initial_h = nn.Parameter(torch.zeros(o.deter_dim))

    def initial_state(self, batch):
        if self.o.learned_initial_state:
            return torch.tanh(self.initial_h).unsqueeze(0).expand(batch, self.o.deter_dim)
        return torch.zeros(batch, self.o.deter_dim, dtype=self.gru.weight_hh.dtype, device=self.gru.weight_hh.device)

    def observe(self, embed, prev_action, is_first, sample=True):
        """Posterior pass. embed [B, T, E], prev_action [B, T, A] (zero at t = 0
        and at resets), is_first [B, T]. Returns h, z, post_stats, prior_stats."""
        o = self.o
        batch, steps = embed.shape[:2]
        h0 = self.initial_state(batch)
        h, z = h0, embed.new_zeros(batch, o.stoch_dim)
        keep = (~is_first).to(embed.dtype).transpose(0, 1).unsqueeze(-1)
        # Training windows start no episode after t = 0, and then need no masks.
        resets = steps > 1 and bool(is_first[:, 1:].any())
        noise = self.dist.noise_for(embed.new_empty(steps, batch, o.stats_dim)) if sample else None
        if self.split_first_layers:
            action_part, wz_t = self._split_input(prev_action)
            post = self.post[0]
            wh_t = post.weight[:, :o.deter_dim].t()
            embed_part = F.linear(embed.transpose(0, 1), post.weight[:, o.deter_dim:], post.bias)
            # Slicing a Sequential builds a new one: once, not per step.
            img_rest, post_rest = self.img_in[1:], self.post[1:]
        hs, zs, posts = [], [], []
        for t in range(steps):
            if resets:
                h = keep[t] * h + (1.0 - keep[t]) * h0
                z = keep[t] * z
            if self.split_first_layers:
                h = self.gru(img_rest(torch.addmm(action_part[t], z, wz_t)), h)
                stats = post_rest(torch.addmm(embed_part[t], h, wh_t))
            else:
                h = self.gru(self.img_in(torch.cat([z, prev_action[:, t]], -1)), h)
                stats = self.post(torch.cat([h, embed[:, t]], -1))
            z = self.dist.sample(stats, noise[t]) if sample else self.dist.mode(stats)
            hs.append(h)
            zs.append(z)
            posts.append(stats)
        h_all = torch.stack(hs, 1)
        return h_all, torch.stack(zs, 1), torch.stack(posts, 1), self.prior(h_all)

    def _split_input(self, actions):
        """The C++ algebra for img_in's first layer, [W_z | W_a]: the action
        part and the bias as one product for all steps, time-major, and W_z^T."""
        img = self.img_in[0]
        action_part = F.linear(actions.transpose(0, 1), img.weight[:, self.o.stoch_dim:], img.bias)
        return action_part, img.weight[:, :self.o.stoch_dim].t()

    def imagine(self, h, z, actions, sample):
        """Open loop from (h, z) [B, deter], [B, stoch]: actions[:, k] leads to step k."""
        if self.split_first_layers:
            action_part, wz_t = self._split_input(actions)
            img_rest = self.img_in[1:]
        hs, zs, priors = [], [], []
        for t in range(actions.shape[1]):
            if self.split_first_layers:
                x = img_rest(torch.addmm(action_part[t], z, wz_t))
            else:
                x = self.img_in(torch.cat([z, actions[:, t]], -1))
            h = self.gru(x, h)
            stats = self.prior(h)
            z = self.dist.sample(stats, self.dist.noise_for(stats)) if sample else self.dist.mode(stats)
            hs.append(h)
            zs.append(z)
            priors.append(stats)
        return torch.stack(hs, 1), torch.stack(zs, 1), torch.stack(priors, 1)

    def decode(self, h, z):
        return self.decoder(torch.cat([h, z], -1))


class WorldModel(nn.Module):
    """The optional VAE and the RSSM (core/model/WorldModel)."""

    def __init__(self, o, split_first_layers=False):
        super().__init__()
        self.o = o
        if o.use_vae:
            self.vae = Vae(o)
        self.rssm = Rssm(o, split_first_layers)

    def features(self, obs):
        """What the RSSM models: the VAE mean latent, with no gradient into the VAE."""
        if not self.o.use_vae:
            return obs
        with torch.no_grad():
            return self.vae.encode(obs)[0]

    def stacked_features(self, obs_stack):
        if not self.o.use_vae:
            return obs_stack
        b, t, width = obs_stack.shape
        k = width // self.o.obs_dim
        return self.features(obs_stack.view(b, t, k, self.o.obs_dim)).reshape(b, t, k * self.o.latent_dim)

    @staticmethod
    def previous_actions(action, is_first):
        """[B, L, A] -> [B, L+1, A]: zero at t = 0 and at episode starts."""
        prev = torch.cat([torch.zeros_like(action[:, :1]), action], 1)
        return prev * (~is_first).unsqueeze(-1).to(prev.dtype)

    def to_observation(self, decoded):
        features = symexp(decoded) if self.o.symlog_targets else decoded
        return self.vae.decode(features) if self.o.use_vae else features

    def loss(self, obs, obs_stack, action, is_first):
        """Every loss term, as WorldModel::loss: total, recon, kl, kl_value, vae_recon, vae_kl."""
        o = self.o
        target = self.features(obs)
        if o.symlog_targets:
            target = symlog(target)
        embed = self.rssm.obs_embed(self.stacked_features(obs_stack))
        h, z, post_stats, prior_stats = self.rssm.observe(embed, self.previous_actions(action, is_first), is_first)
        terms = {"recon": F.mse_loss(self.rssm.decode(h, z), target)}

        dist = self.rssm.dist

        def free_nats(kl):
            return kl.clamp_min(o.free_nats).mean() if o.free_nats_per_sample else kl.mean().clamp_min(o.free_nats)

        kl_per_step = dist.kl(post_stats, prior_stats)
        terms["kl_value"] = kl_per_step.mean().detach()
        if o.kl_balance:
            # Train the prior towards the posterior harder than the reverse.
            dyn = dist.kl(post_stats.detach(), prior_stats)
            rep = dist.kl(post_stats, prior_stats.detach())
            terms["kl"] = o.kl_dyn_scale * free_nats(dyn) + o.kl_rep_scale * free_nats(rep)
        else:
            terms["kl"] = free_nats(kl_per_step)
        # With balancing, kl_dyn_scale and kl_rep_scale replace kl_scale (as WorldModel.cpp's klLoss).
        total = o.recon_scale * terms["recon"] + (1.0 if o.kl_balance else o.kl_scale) * terms["kl"]

        if o.use_vae:
            mean, logvar = self.vae.encode(obs)
            latent = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
            terms["vae_recon"] = F.mse_loss(self.vae.decode(latent), obs)
            terms["vae_kl"] = (-0.5 * (1.0 + logvar - mean.pow(2) - logvar.exp())).sum(-1).mean()
            total = total + terms["vae_recon"] + o.vae_beta * terms["vae_kl"]
        else:
            terms["vae_recon"] = torch.zeros(())
            terms["vae_kl"] = torch.zeros(())
        terms["loss"] = total
        return terms


class SequenceSampler:
    """Uniform windows of L actions and L+1 observations that never cross an
    episode, laid out as core/data/SequenceDataset.cpp's batches: obs
    [B, L+1, D], obs_stack [B, L+1, k*D] (oldest first, the episode's first
    observation repeated before it began), action [B, L, A], is_first [B, L+1].
    Whole episodes are held out by a seeded permutation: the same share as the
    C++ split, not the same episodes (std::shuffle is not numpy's)."""

    def __init__(self, obs, action, offsets, seq_len=64, obs_window=1, val_fraction=0.1, split_seed=0):
        self.obs = np.ascontiguousarray(obs, dtype=np.float32)
        self.action = np.ascontiguousarray(action, dtype=np.float32)
        self.seq_len, self.obs_window = seq_len, obs_window
        episodes = len(offsets) - 1
        val_count = int(round(val_fraction * episodes))
        if val_fraction > 0 and episodes >= 2:
            val_count = max(val_count, 1)
        val_count = min(val_count, episodes - 1)
        train = np.sort(np.random.default_rng(split_seed).permutation(episodes)[val_count:])
        # Every window's first row and its episode's first row.
        first_rows, episode_starts = [], []
        for e in train:
            count = offsets[e + 1] - offsets[e] - seq_len
            if count > 0:
                first_rows.append(offsets[e] + np.arange(count))
                episode_starts.append(np.full(count, offsets[e]))
        self.first_rows = np.concatenate(first_rows).astype(np.int64)
        self.episode_starts = np.concatenate(episode_starts).astype(np.int64)

    def sample(self, batch, rng):
        pick = rng.integers(0, len(self.first_rows), batch)
        start = self.episode_starts[pick]
        rows = self.first_rows[pick, None] + np.arange(self.seq_len + 1)
        obs = self.obs[rows]
        k = self.obs_window
        if k == 1:
            obs_stack = obs
        else:
            stack_rows = np.maximum(rows[..., None] - np.arange(k - 1, -1, -1), start[:, None, None])
            obs_stack = self.obs[stack_rows].reshape(batch, self.seq_len + 1, k * self.obs.shape[1])
        action = self.action[rows[:, :self.seq_len]]
        is_first = rows == start[:, None]
        return tuple(torch.from_numpy(x) for x in (obs, obs_stack, action, is_first))


def make_optimizer(model, lr=3e-4):
    """Adam with LibTorch's defaults (betas 0.9, 0.999, eps 1e-8), as the Trainer's."""
    return torch.optim.Adam(model.parameters(), lr=lr)


def train_step(model, optimizer, batch, grad_clip=100.0):
    """One optimisation step as Trainer::trainStep: the loss terms (read
    back, as the trainer logs them), a finite check, backward, gradient-norm
    clipping and Adam. Returns the loss values and the gradient norm."""
    model.train()
    terms = model.loss(*batch)
    values = {name: value.item() for name, value in terms.items()}
    if not math.isfinite(values["loss"]):
        raise FloatingPointError(f"the loss is {values['loss']} ({values})")
    optimizer.zero_grad()
    terms["loss"].backward()
    if grad_clip > 0:
        grad_norm = float(nn.utils.clip_grad_norm_(model.parameters(), grad_clip))
    else:
        grad_norm = float(torch.stack([p.grad.norm().pow(2) for p in model.parameters() if p.grad is not None]).sum().sqrt())
    if not math.isfinite(grad_norm):
        raise FloatingPointError("the gradient norm is not finite")
    optimizer.step()
    return values, grad_norm
