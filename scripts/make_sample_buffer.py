#!/usr/bin/python3
"""Write the sample replay buffer that the app opens on first run: resources/sample/buf.pkl + rollout_config.yaml.

Why this exists: the workbench needs something to show and train on before the user points it at a real
FACTR buffer, and the real MuJoCo buffers are too large to bundle.  This script simulates a small,
deterministic, contact-rich toy task in plain numpy and writes it exactly the way FACTR's data processing
does: `pickle.dump(traj_list, f, protocol=4)` with numpy 1.x names, each step `(obs, action, reward)`,
`obs = {'state': float64[12], 'enc_cam_0': uint8 JPEG bytes}`, state and action Gaussian-normalised with the
statistics in `rollout_config.yaml` (`norm_stats`), reward a Python bool that is True on the last step.

The toy world (2-D, metres, seconds): a floor at y = 0 and a wall at x = WALL_X.  A gripper pad (a point
mass under PD control towards a commanded target) can push a box, press it into the wall and, while the
adhesion command is on and the pad touches the box top, hold it with a spring that breaks above a force
limit.  All contacts are penalty spring-dampers, integrated with semi-implicit Euler at 400 Hz; the buffer
is sampled at 20 Hz.  Actions come from a noisy scripted pick/carry/press/release routine, low-pass filtered
so that they are smooth; everything is drawn from one seeded generator, so the output is reproducible.

State (raw, before normalisation):
  0 pad_x   1 pad_y   2 pad_vx   3 pad_vy   4 box_x   5 box_y   6 box_vx   7 box_vy
  8 floor normal force on the box   9 wall normal force (box + pad)   10 adhesion spring tension
  11 attached flag (0/1)
Action: 0 target_x, 1 target_y, 2 adhesion command (> 0 means on).

Run with Debian's interpreter (numpy 1.24, PIL, PyYAML):  /usr/bin/python3 scripts/make_sample_buffer.py
"""
import io
import pickle
import pickletools
import sys
from pathlib import Path

import numpy as np
import yaml
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "sample"
SEED = 20240611
EPISODES, STEPS = 16, 100
CTRL_DT, SUBSTEPS = 0.05, 20
G = 9.81
WALL_X = 1.0
BOX_H, BOX_M = 0.06, 0.5          # half size, mass
PAD_R, PAD_M = 0.04, 1.0          # radius, mass
KP, KD = 60.0, 12.0               # pad PD gains
K_C, C_C, MU = 3000.0, 30.0, 0.5  # contact stiffness, damping, friction coefficient
K_A, C_A, F_BREAK = 600.0, 15.0, 18.0  # adhesion spring, damping, break force
IMG = 48
JPEG_QUALITY = 70


# ----------------------------------------------------------------------------------------------
# Dynamics
# ----------------------------------------------------------------------------------------------
def penalty(depth, rate):
    """One-sided spring-damper normal force for penetration `depth` and penetration rate `rate`."""
    return max(0.0, K_C * depth + C_C * rate) if depth > 0.0 else 0.0


def substep(s, target, adhesion_on, dt):
    """Advance the world one substep.  s: dict of numpy 2-vectors + flags; returns the measured forces."""
    pad, vpad, box, vbox = s["pad"], s["vpad"], s["box"], s["vbox"]
    f_pad = KP * (target - pad) - KD * vpad            # gravity-compensated PD
    f_box = np.array([0.0, -BOX_M * G])

    # box - floor: normal + regularised Coulomb friction
    n_floor = penalty(BOX_H - box[1], -vbox[1])
    f_box += [-MU * n_floor * np.tanh(vbox[0] / 0.02), n_floor]
    # pad - floor
    f_pad[1] += penalty(PAD_R - pad[1], -vpad[1])
    # wall (box and pad)
    n_wall_box = penalty(box[0] + BOX_H - WALL_X, vbox[0])
    n_wall_pad = penalty(pad[0] + PAD_R - WALL_X, vpad[0])
    f_box[0] -= n_wall_box
    f_box[1] -= MU * n_wall_box * np.tanh(vbox[1] / 0.02)
    f_pad[0] -= n_wall_pad

    # pad - box: pad as a disc against the box as a disc of radius BOX_H (cheap, smooth)
    d = pad - box
    dist = float(np.hypot(*d))
    if dist < PAD_R + BOX_H and dist > 1e-9:
        nrm = d / dist
        f = penalty(PAD_R + BOX_H - dist, -float(np.dot(vpad - vbox, nrm))) * nrm
        f_pad += f
        f_box -= f

    # adhesion: a breakable spring from the pad to the box's top face
    tension = 0.0
    anchor = box + [0.0, BOX_H + PAD_R]
    if not adhesion_on:
        s["attached"] = False
    elif not s["attached"] and np.hypot(*(pad - anchor)) < 0.035:
        s["attached"] = True
    if s["attached"]:
        f = K_A * (pad - anchor) + C_A * (vpad - vbox)
        tension = float(np.hypot(*f))
        if tension > F_BREAK:
            s["attached"], tension = False, 0.0
        else:
            f_box += f
            f_pad -= f

    vpad += dt * f_pad / PAD_M
    vbox += dt * f_box / BOX_M
    pad += dt * vpad
    box += dt * vbox
    return n_floor, n_wall_box + n_wall_pad, tension


def observe(s, forces):
    n_floor, n_wall, tension = forces
    return np.concatenate([s["pad"], s["vpad"], s["box"], s["vbox"],
                           [n_floor, n_wall, tension, float(s["attached"])]])


# ----------------------------------------------------------------------------------------------
# Actions: a noisy scripted routine, low-pass filtered
# ----------------------------------------------------------------------------------------------
def plan_waypoints(rng, box_x, hold):
    """(step, target_x, target_y, adhesion) keyframes: approach, grasp, carry/press, release, push."""
    above = box_x + rng.normal(0.0, 0.01)
    grip_y = 2 * BOX_H + PAD_R - 0.02 + rng.normal(0.0, 0.005)
    carry_x = rng.uniform(0.55, 1.1)                   # beyond ~0.94 presses the box into the wall
    carry_y = rng.uniform(0.15, 0.5)
    t0 = int(rng.integers(8, 16))
    t1 = t0 + int(rng.integers(10, 16))
    t2 = t1 + int(rng.integers(22, 35))
    lift = t1 + int(rng.integers(9, 13))
    t3 = min(t2 + int(rng.integers(10, 20)), STEPS - 15)
    t4 = t3 + int(rng.integers(6, 12))
    adh = 1.0 if hold else -1.0
    return [(0, rng.uniform(0.1, 0.9), rng.uniform(0.3, 0.55), -1.0),
            (t0, above, 0.3, -1.0),                      # hover above the box
            (t1, above, grip_y, adh),                    # touch down on its top face
            (lift, above, carry_y, adh),                 # lift
            (t2, carry_x, carry_y, adh),                 # carry (into the wall if carry_x is large)
            (t3, carry_x, carry_y, -1.0),                # release: the box drops and bounces
            (t4, rng.uniform(0.15, 1.05), rng.uniform(0.05, 0.3), float(rng.choice([-1.0, 1.0])))]


def action_sequence(rng, box_x, hold):
    keys = plan_waypoints(rng, box_x, hold)
    raw = np.zeros((STEPS, 3))
    for (ta, *va), tb in zip(keys, [k[0] for k in keys[1:]] + [STEPS]):
        raw[ta:tb] = va
    noise = np.zeros(3)
    out = np.zeros_like(raw)
    smooth = raw[0].copy()
    for t in range(STEPS):
        noise = 0.85 * noise + rng.normal(0.0, [0.006, 0.006, 0.0])   # Ornstein-Uhlenbeck jitter
        smooth += 0.35 * (raw[t] - smooth)                              # first-order low-pass
        out[t] = smooth + noise
    out[:, 0] = np.clip(out[:, 0], 0.0, 1.15)
    out[:, 1] = np.clip(out[:, 1], 0.0, 0.65)
    return out


def simulate_episode(e):
    """One episode from its own generator; every fifth episode never switches adhesion on (a missed grasp)."""
    rng = np.random.default_rng([SEED, e])
    box_x = rng.uniform(0.2, 0.75)
    s = {"pad": np.array([rng.uniform(0.1, 0.9), rng.uniform(0.3, 0.55)]), "vpad": np.zeros(2),
         "box": np.array([box_x, BOX_H - BOX_M * G / K_C]), "vbox": np.zeros(2), "attached": False}
    actions = action_sequence(rng, box_x, hold=e % 5 != 4)
    states, frames = [], []
    forces = (BOX_M * G, 0.0, 0.0)
    for t in range(STEPS):
        states.append(observe(s, forces))
        frames.append(render(s, actions[t]))
        acc = np.zeros(3)
        for _ in range(SUBSTEPS):
            acc += substep(s, actions[t, :2], actions[t, 2] > 0.0, CTRL_DT / SUBSTEPS)
        forces = tuple(acc / SUBSTEPS)                 # sensors report the control-period average
    return np.array(states), actions, frames


# ----------------------------------------------------------------------------------------------
# Camera
# ----------------------------------------------------------------------------------------------
def to_px(x, y):
    return (x + 0.1) * 40.0, 43.0 - y * 40.0


def render(s, action):
    """48x48 RGB JPEG of the scene: floor, wall, box, pad (green while adhesion is commanded), target."""
    img = Image.new("RGB", (IMG, IMG), (200, 210, 225))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 43, IMG, IMG], fill=(70, 70, 80))                      # floor
    wx, _ = to_px(WALL_X, 0.0)
    d.rectangle([wx, 0, IMG, IMG], fill=(90, 80, 70))                      # wall
    bx0, by0 = to_px(s["box"][0] - BOX_H, s["box"][1] + BOX_H)
    bx1, by1 = to_px(s["box"][0] + BOX_H, s["box"][1] - BOX_H)
    d.rectangle([bx0, by0, bx1, by1], fill=(230, 140, 40), outline=(120, 60, 10))
    px, py = to_px(*s["pad"])
    d.line([px, 0, px, py], fill=(60, 60, 60), width=1)                   # the arm, from above
    r = PAD_R * 40.0
    color = (40, 190, 70) if action[2] > 0.0 else (200, 50, 50)
    d.ellipse([px - r, py - r, px + r, py + r], fill=color)
    tx, ty = to_px(action[0], action[1])
    d.point([(tx, ty)], fill=(20, 20, 160))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return np.frombuffer(buf.getvalue(), dtype=np.uint8).copy()


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------
def norm_stats(x):
    mean = x.mean(axis=0)
    std = np.maximum(x.std(axis=0), 1e-3)
    return mean, std


def build_buffer(episodes):
    states = np.concatenate([e[0] for e in episodes])
    actions = np.concatenate([e[1] for e in episodes])
    (s_mean, s_std), (a_mean, a_std) = norm_stats(states), norm_stats(actions)
    traj_list = []
    for st, ac, frames in episodes:
        sn, an = (st - s_mean) / s_std, (ac - a_mean) / a_std
        traj_list.append([({"state": sn[t].copy(), "enc_cam_0": frames[t]}, an[t].copy(), t == len(st) - 1)
                          for t in range(len(st))])
    config = {"obs_config": {"state_topics": ["/sim/state"], "camera_topics": ["/sim/cam"]},
              "action_config": {"/sim/cmd": 3},
              "norm_stats": {"state": {"mean": s_mean.tolist(), "std": s_std.tolist()},
                             "action": {"mean": a_mean.tolist(), "std": a_std.tolist()}}}
    return traj_list, config


def learnability(traj_list):
    """One-step prediction error on held-out episodes: hold-last vs a linear model on (s_t, a_t).
    If even a linear model beats holding the last observation, an RSSM has something to learn."""
    def pairs(trajs):
        s = np.concatenate([[st[0]["state"] for st in tr[:-1]] for tr in trajs])
        a = np.concatenate([[st[1] for st in tr[:-1]] for tr in trajs])
        nxt = np.concatenate([[st[0]["state"] for st in tr[1:]] for tr in trajs])
        return np.hstack([s, a, np.ones((len(s), 1))]), s, nxt
    x_tr, _, y_tr = pairs(traj_list[:12])
    x_te, s_te, y_te = pairs(traj_list[12:])
    w = np.linalg.solve(x_tr.T @ x_tr + 1e-3 * np.eye(x_tr.shape[1]), x_tr.T @ y_tr)
    return float(np.mean((y_te - s_te) ** 2)), float(np.mean((y_te - x_te @ w) ** 2))


def check(path, traj_list):
    data = path.read_bytes()
    ops = list(pickletools.genops(data))
    assert ops[0][0].name == "PROTO" and ops[0][1] == 4
    strings = {arg for op, arg, _ in ops if op.name == "SHORT_BINUNICODE"}
    assert "numpy.core.multiarray" in strings and "numpy._core.multiarray" not in strings
    loaded = pickle.loads(data)                         # our own file: safe to load here
    assert len(loaded) == EPISODES and all(len(tr) == STEPS for tr in loaded)
    for tr, ref in zip(loaded, traj_list):
        for (o, a, r), (o2, a2, r2) in zip(tr, ref):
            assert np.array_equal(o["state"], o2["state"]) and np.array_equal(a, a2) and r is r2
            assert o["state"].dtype == np.float64 and o["state"].shape == (12,) and a.shape == (3,)
    Image.open(io.BytesIO(loaded[0][0][0]["enc_cam_0"].tobytes())).verify()
    return len(data), sorted({op.name for op, _, _ in ops})


def main():
    episodes = [simulate_episode(e) for e in range(EPISODES)]
    raw = np.concatenate([e[0] for e in episodes])
    assert np.all(np.isfinite(raw)), "simulation blew up"
    traj_list, config = build_buffer(episodes)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    buf_path = OUT_DIR / "buf.pkl"
    with open(buf_path, "wb") as f:
        pickle.dump(traj_list, f, protocol=4)
    text = yaml.safe_dump(config, sort_keys=False, default_flow_style=False)
    (OUT_DIR / "rollout_config.yaml").write_text(text)
    assert yaml.safe_load(text) == config

    size, opnames = check(buf_path, traj_list)
    jpeg = [len(o["enc_cam_0"]) for tr in traj_list for o, _, _ in tr]
    attached = raw[:, 11].mean()
    hold, linear = learnability(traj_list)
    print(f"wrote {buf_path} ({size} bytes) and rollout_config.yaml")
    print(f"  {EPISODES} episodes x {STEPS} steps, state 12, action 3, protocol 4, opcodes: {' '.join(opnames)}")
    print(f"  JPEG {IMG}x{IMG}: mean {np.mean(jpeg):.0f} B, min {min(jpeg)}, max {max(jpeg)}")
    print(f"  attached {attached:.0%} of steps; max floor force {raw[:, 8].max():.1f} N, "
          f"max wall force {raw[:, 9].max():.1f} N, max adhesion tension {raw[:, 10].max():.1f} N")
    print(f"  held-out one-step MSE (normalised): hold-last {hold:.4f}, linear {linear:.4f}")
    if size > 1_600_000:
        sys.exit(f"buf.pkl is {size} bytes, over budget")


if __name__ == "__main__":
    main()
