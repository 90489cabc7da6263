"""Wrote the first version of resources/drawings/*.svg and resources/pictograms/*.svg from simple shapes
(shared syringe, needle, position figures and colours). The SVG files are what the kiosk reads; edit them directly
or change this script and run `python tools/make_drawings.py resources`. Labels and alt text: drawings.toml."""
from pathlib import Path
import sys

OUT = Path(sys.argv[1])
O = "#56707B"   # outline (map_outline)
B = "#E9F0F2"   # body (map_body)
W = "#FFFFFF"   # bone (surface)
S = "#BFD8E1"   # soft tissue, discs, muscle (map_region)
T = "#1C5A70"   # what the needle reaches (map_region_lit)
N = "#172A33"   # the needle (text)


def svg(body, w=400, h=300, note=""):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">\n'
            f'<!-- {note} Drawn for this project from simple shapes. No text: the labels and their places are in\n'
            f'     resources/drawings/drawings.toml, drawn by the kiosk in the reader\'s language. -->\n'
            + body.strip() + "\n</svg>\n")


def syringe(x, y, angle, s=0.75):
    """A syringe whose needle tip is at (x, y); the barrel lies along `angle` degrees from the tip."""
    return (f'<g transform="translate({x} {y}) rotate({angle}) scale({s})" stroke="{N}" stroke-width="3" '
            f'stroke-linecap="round" stroke-linejoin="round">\n'
            f'  <line x1="0" y1="0" x2="62" y2="0"/>\n'
            f'  <rect x="62" y="-5" width="10" height="10" fill="{N}"/>\n'
            f'  <rect x="72" y="-12" width="66" height="24" rx="3" fill="{W}"/>\n'
            f'  <rect x="74" y="-10" width="30" height="20" fill="{S}" stroke="none"/>\n'
            f'  <line x1="104" y1="-12" x2="104" y2="12"/>\n'
            f'  <line x1="138" y1="0" x2="160" y2="0"/>\n'
            f'  <line x1="160" y1="-12" x2="160" y2="12"/>\n'
            f'</g>\n')


def thin_needle(x, y, angle):
    return (f'<g transform="translate({x} {y}) rotate({angle}) scale(0.8)" stroke="{N}" stroke-linecap="round">\n'
            f'  <line x1="0" y1="0" x2="96" y2="0" stroke-width="2"/>\n'
            f'  <rect x="96" y="-5" width="34" height="10" rx="3" fill="{N}" stroke-width="2"/>\n'
            f'</g>\n')


def probe(x, y, angle):
    """The radiofrequency needle: a needle with a grip and a cable to the machine."""
    return (f'<g transform="translate({x} {y}) rotate({angle}) scale(0.6)" stroke="{N}" stroke-linecap="round" '
            f'stroke-linejoin="round">\n'
            f'  <line x1="0" y1="0" x2="92" y2="0" stroke-width="3"/>\n'
            f'  <rect x="92" y="-9" width="36" height="18" rx="4" fill="{W}" stroke-width="3"/>\n'
            f'  <path d="M 128 0 C 150 0 150 30 175 30" fill="none" stroke-width="3"/>\n'
            f'</g>\n')


def heat(x, y):
    """Three short arcs around a needle tip: heat."""
    return (f'<g fill="none" stroke="{T}" stroke-width="3" stroke-linecap="round">\n'
            f'  <path d="M {x - 16} {y - 4} Q {x - 22} {y + 4} {x - 16} {y + 12}"/>\n'
            f'  <path d="M {x + 16} {y - 4} Q {x + 22} {y + 4} {x + 16} {y + 12}"/>\n'
            f'  <path d="M {x - 8} {y + 20} Q {x} {y + 26} {x + 8} {y + 20}"/>\n'
            f'</g>\n')


def leader(x1, y1, x2, y2):
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{O}" stroke-width="2" stroke-linecap="round"/>\n'


# -- the patient's position: a small figure in a frame at the bottom left ------------------------------------

def frame():
    return f'<rect x="8" y="226" width="120" height="66" rx="10" fill="none" stroke="{S}" stroke-width="2"/>\n'


def inset(kind):
    g = [frame(), f'<g transform="translate(8 226)" stroke="{O}" stroke-width="3" stroke-linecap="round" '
         f'stroke-linejoin="round">\n']
    table = f'  <line x1="10" y1="50" x2="110" y2="50"/>\n'
    if kind == "face_down":
        g += [table,
              f'  <rect x="24" y="36" width="62" height="13" rx="6" fill="{B}"/>\n',
              f'  <circle cx="96" cy="40" r="8" fill="{B}"/>\n',
              f'  <path d="M 94 48 L 98 48"/>\n',
              f'  <path d="M 20 42 L 12 56"/>\n']  # toes down, over the end of the table
    elif kind == "on_back":
        g += [table,
              f'  <rect x="24" y="36" width="62" height="13" rx="6" fill="{B}"/>\n',
              f'  <circle cx="96" cy="40" r="8" fill="{B}"/>\n',
              f'  <path d="M 96 32 L 100 27"/>\n',
              f'  <path d="M 18 42 L 18 30"/>\n']  # toes up
    elif kind == "knee_up":
        g += [table,
              f'  <rect x="50" y="36" width="38" height="13" rx="6" fill="{B}"/>\n',
              f'  <circle cx="98" cy="40" r="8" fill="{B}"/>\n',
              f'  <path d="M 98 32 L 102 27"/>\n',
              f'  <path d="M 52 44 L 36 22 L 18 46" fill="none" stroke-width="8"/>\n']
    elif kind == "side":
        g += [table,
              f'  <rect x="44" y="30" width="44" height="19" rx="9" fill="{B}"/>\n',
              f'  <circle cx="98" cy="36" r="8" fill="{B}"/>\n',
              f'  <path d="M 48 40 L 28 30 L 14 46" fill="none" stroke-width="8"/>\n']
    elif kind in ("sit", "lean"):
        g += [f'  <path d="M 30 44 L 56 44 M 34 44 L 34 58 M 52 44 L 52 58"/>\n']  # stool
        if kind == "lean":
            g += [f'  <path d="M 90 34 L 118 34 M 112 34 L 112 56"/>\n',  # table in front
                  f'  <path d="M 42 36 L 70 16" fill="none" stroke-width="9"/>\n',
                  f'  <circle cx="82" cy="16" r="8" fill="{B}"/>\n',
                  f'  <path d="M 62 22 L 92 31" fill="none" stroke-width="5"/>\n',
                  f'  <path d="M 48 38 L 72 38 L 72 56" fill="none" stroke-width="6"/>\n']
        else:
            g += [f'  <path d="M 44 38 L 47 22" fill="none" stroke-width="9"/>\n',
                  f'  <circle cx="49" cy="11" r="7" fill="{B}"/>\n',
                  f'  <path d="M 48 41 L 72 41 L 72 58" fill="none" stroke-width="6"/>\n',
                  f'  <path d="M 48 25 L 64 36" fill="none" stroke-width="5"/>\n']
    g.append('</g>\n')
    return "".join(g)


# -- the drawings ------------------------------------------------------------------------------------------

def knee():
    return svg(f"""
<path d="M 10 120 L 180 40 Q 230 20 252 60 L 330 190 L 372 196 Q 390 204 378 216 L 296 216 L 230 130 Q 214 112 196 122 L 10 196 Z" fill="{B}" stroke="{O}" stroke-width="4" stroke-linejoin="round"/>
<line x1="10" y1="158" x2="196" y2="84" stroke="{O}" stroke-width="30" stroke-linecap="round"/>
<line x1="10" y1="158" x2="196" y2="84" stroke="{W}" stroke-width="23" stroke-linecap="round"/>
<circle cx="204" cy="86" r="22" fill="{W}" stroke="{O}" stroke-width="3.5"/>
<line x1="248" y1="118" x2="312" y2="200" stroke="{O}" stroke-width="30" stroke-linecap="round"/>
<line x1="248" y1="118" x2="312" y2="200" stroke="{W}" stroke-width="23" stroke-linecap="round"/>
<path d="M 226 123 L 254 101 L 263 113 L 235 135 Z" fill="{W}" stroke="{O}" stroke-width="3.5" stroke-linejoin="round"/>
<ellipse cx="231" cy="106" rx="15" ry="6" transform="rotate(-54 231 106)" fill="{T}"/>
<ellipse cx="238" cy="58" rx="9" ry="15" transform="rotate(-40 238 58)" fill="{W}" stroke="{O}" stroke-width="3.5"/>
{syringe(234, 104, -20)}
{inset("knee_up")}
""", note="Knee joint injection: a bent knee from the side; the needle reaches the joint space.")


def hip_bones(fill_ring=True):
    ring = f'<circle cx="176" cy="132" r="27" fill="{T}"/>\n' if fill_ring else ""
    return f"""
<path d="M 70 10 L 70 90 Q 44 150 70 220 L 250 220 L 256 170 Q 262 110 230 60 L 230 10 Z" fill="{B}" stroke="{O}" stroke-width="4" stroke-linejoin="round"/>
<path d="M 86 30 Q 150 20 172 70 Q 184 100 150 118 Q 110 122 96 100 Q 80 70 86 30 Z" fill="{W}" stroke="{O}" stroke-width="3.5" stroke-linejoin="round"/>
<path d="M 118 116 Q 140 170 110 196" fill="none" stroke="{O}" stroke-width="3.5" stroke-linecap="round"/>
{ring}<polyline points="176,132 212,156 204,236" fill="none" stroke="{O}" stroke-width="30" stroke-linejoin="round"/>
<circle cx="222" cy="146" r="14" fill="{W}" stroke="{O}" stroke-width="3.5"/>
<polyline points="176,132 212,156 204,236" fill="none" stroke="{W}" stroke-width="23" stroke-linejoin="round"/>
<circle cx="176" cy="132" r="19" fill="{W}" stroke="{O}" stroke-width="3.5"/>
<rect x="60" y="221" width="220" height="20" fill="{W}"/>
"""


def hip():
    return svg(hip_bones() + syringe(168, 150, 40) + inset("on_back"),
               note="Hip joint injection: the right hip from the front; the needle reaches the ball-and-socket joint.")


def bursa():
    return svg(hip_bones(fill_ring=False) +
               f'<ellipse cx="244" cy="150" rx="9" ry="20" fill="{T}"/>\n' +
               syringe(252, 150, -10) + inset("side"),
               note="Hip bursa injection: the hip from the front; the needle reaches the cushion on the outer bump.")


def spine(neck=False, canal=True, facets=False, nerve=False):
    """The spine from the side, back up (as when you lie face down): skin on top, bones below."""
    xs = (46, 156, 266) if not neck else (110, 200, 290)
    w = 88 if not neck else 72
    out = []
    if neck:
        out.append(f'<path d="M 0 40 L 90 40 Q 104 40 104 54 L 104 220 L 0 220 Z" fill="{B}" stroke="none"/>\n')
        out.append(f'<path d="M 96 36 Q 40 10 10 60 Q -10 120 40 180 Q 70 214 100 210" fill="{B}" stroke="{O}" '
                   f'stroke-width="4" stroke-linejoin="round"/>\n')
        out.append(f'<rect x="96" y="40" width="304" height="180" fill="{B}"/>\n')
        out.append(f'<path d="M 96 40 L 400 40" stroke="{O}" stroke-width="4" stroke-linecap="round"/>\n')
    else:
        out.append(f'<rect x="0" y="40" width="400" height="180" fill="{B}"/>\n')
        out.append(f'<path d="M 0 40 L 400 40" stroke="{O}" stroke-width="4"/>\n')
    # vertebral bodies and discs (the front of the spine, at the bottom)
    for i, x in enumerate(xs):
        out.append(f'<rect x="{x}" y="160" width="{w}" height="52" rx="8" fill="{W}" stroke="{O}" stroke-width="3.5"/>\n')
        if i < len(xs) - 1:
            gap = xs[i + 1] - (x + w)
            out.append(f'<rect x="{x + w + 3}" y="166" width="{gap - 6}" height="40" rx="4" fill="{S}"/>\n')
    left, right = xs[0] - (40 if not neck else 14), xs[-1] + w + 40
    if canal:
        # the nerve sac in the canal, and the epidural space around it
        out.append(f'<rect x="{left}" y="126" width="{right - left}" height="30" fill="{S}" stroke="{O}" stroke-width="2"/>\n')
    # the back part of each bone: a bony arch with the spinous process pointing up to the skin
    for x in xs:
        c = x + w / 2
        out.append(f'<path d="M {c - 34} 122 L {c - 22} 92 L {c - 8} 88 L {c - 4} 58 Q {c + 4} 50 {c + 12} 58 '
                   f'L {c + 16} 88 L {c + 30} 92 L {c + 40} 122 Z" fill="{W}" stroke="{O}" stroke-width="3.5" '
                   f'stroke-linejoin="round"/>\n')
    if facets:
        for i in range(len(xs) - 1):
            j = (xs[i] + w / 2 + 40 + xs[i + 1] + w / 2 - 34) / 2
            fill = T if facets == "lit" and i == len(xs) - 2 else W
            out.append(f'<ellipse cx="{j}" cy="108" rx="11" ry="13" fill="{fill}" stroke="{O}" stroke-width="3"/>\n')
    return "".join(out), xs, w


def epidural(neck):
    body, xs, w = spine(neck=neck)
    gap = (xs[1] + w + xs[2]) / 2
    left, right = xs[0] - (40 if not neck else 14), xs[-1] + w + 40
    canal = f'<rect x="{left}" y="126" width="{right - left}" height="30" fill="{S}" stroke="{O}" stroke-width="2"/>\n'
    assert canal in body
    lit = (f'<rect x="{left}" y="122" width="{right - left}" height="12" fill="{T}"/>\n'
           f'<rect x="{left}" y="134" width="{right - left}" height="22" fill="{S}" stroke="{O}" stroke-width="2"/>\n')
    return body.replace(canal, lit, 1), gap


def lumbar():
    body, gap = epidural(False)
    return svg(body + syringe(gap, 124, -70) + inset("face_down"),
               note="Lumbar epidural: the low back from the side, back up; the needle reaches the epidural space.")


def cervical():
    body, gap = epidural(True)
    return svg(body + syringe(gap, 124, -70) + inset("face_down"),
               note="Cervical epidural: the neck from the side, head at the left; the needle reaches the epidural space.")


def facet():
    body, xs, w = spine(canal=True, facets="lit")
    j = (xs[1] + w / 2 + 40 + xs[2] + w / 2 - 34) / 2
    return svg(body + syringe(j + 8, 100, -62, 0.65) + inset("face_down"),
               note="Facet joint injection: the spine from the side; the needle reaches a small joint at the back.")


def nerve_path(xs, w):
    j = (xs[1] + w / 2 + 40 + xs[2] + w / 2 - 34) / 2
    return j, (f'<path d="M {j - 4} 150 Q {j - 30} 128 {j - 22} 104 Q {j - 16} 86 {j + 2} 82" fill="none" '
               f'stroke="{T}" stroke-width="6" stroke-linecap="round"/>\n')


def medial_branch():
    body, xs, w = spine(canal=True, facets=True)
    j, nerve = nerve_path(xs, w)
    return svg(body + nerve + syringe(j - 18, 96, -60, 0.65) + inset("face_down"),
               note="Medial branch block: the spine from the side; the needle reaches the tiny nerve of a facet joint.")


def rfa():
    body, xs, w = spine(canal=True, facets=True)
    j, nerve = nerve_path(xs, w)
    return svg(body + nerve + probe(j - 18, 96, -60) + heat(j - 18, 92) + inset("face_down"),
               note="Radiofrequency ablation: the needle tip heats the tiny nerve of a facet joint.")


def sacroiliac():
    return svg(f"""
<path d="M 40 10 L 40 120 Q 30 200 110 214 Q 200 226 200 190 Q 200 226 290 214 Q 370 200 360 120 L 360 10 Z" fill="{B}" stroke="none"/>
<path d="M 40 10 L 40 120 Q 30 200 110 214 Q 200 226 200 190 Q 200 226 290 214 Q 370 200 360 120 L 360 10" fill="none" stroke="{O}" stroke-width="4" stroke-linejoin="round" stroke-linecap="round"/>
<path d="M 200 190 L 200 212" stroke="{O}" stroke-width="3" stroke-linecap="round"/>
<rect x="174" y="8" width="52" height="34" rx="8" fill="{W}" stroke="{O}" stroke-width="3.5"/>
<path d="M 168 54 L 232 54 Q 226 130 200 170 Q 174 130 168 54 Z" fill="{W}" stroke="{O}" stroke-width="3.5" stroke-linejoin="round"/>
<path d="M 160 56 Q 110 30 70 52 Q 56 100 88 140 Q 130 160 164 134 Z" fill="{W}" stroke="{O}" stroke-width="3.5" stroke-linejoin="round"/>
<path d="M 240 56 Q 290 30 330 52 Q 344 100 312 140 Q 270 160 236 134 Z" fill="{W}" stroke="{O}" stroke-width="3.5" stroke-linejoin="round"/>
<path d="M 164 58 L 170 130" stroke="{S}" stroke-width="6" stroke-linecap="round"/>
<path d="M 236 58 L 230 130" stroke="{T}" stroke-width="8" stroke-linecap="round"/>
{syringe(234, 96, -35)}
{inset("face_down")}
""", note="Sacroiliac joint injection: the low back and pelvis from behind; the needle reaches the joint beside the sacrum.")


def occipital():
    return svg(f"""
<path d="M 100 220 Q 120 180 160 176 L 164 150 Q 110 126 112 74 Q 120 12 200 10 Q 280 12 288 74 Q 290 126 236 150 L 240 176 Q 280 180 300 220 Z" fill="{B}" stroke="{O}" stroke-width="4" stroke-linejoin="round"/>
<path d="M 150 148 Q 200 164 250 148" fill="none" stroke="{O}" stroke-width="3" stroke-linecap="round"/>
<path d="M 178 152 Q 170 110 156 80 Q 150 60 158 40" fill="none" stroke="{S}" stroke-width="6" stroke-linecap="round"/>
<path d="M 222 152 Q 230 110 244 80 Q 250 60 242 40" fill="none" stroke="{T}" stroke-width="6" stroke-linecap="round"/>
{syringe(230, 138, -20)}
{inset("lean")}
""", note="Occipital nerve block: the back of the head; the needle reaches a nerve at the base of the skull.")


def upper_back(needle):
    return svg(f"""
<path d="M 10 220 L 14 120 Q 20 80 90 70 L 160 54 L 166 10 L 234 10 L 240 54 L 310 70 Q 380 80 386 120 L 390 220 Z" fill="{B}" stroke="{O}" stroke-width="4" stroke-linejoin="round"/>
<path d="M 200 60 L 200 220" fill="none" stroke="{O}" stroke-width="2.5" stroke-dasharray="6 8" stroke-linecap="round"/>
<path d="M 170 40 L 200 120 L 230 40 Q 236 66 300 84 Q 330 96 336 120 Q 260 136 200 170 Q 140 136 64 120 Q 70 96 100 84 Q 164 66 170 40 Z" fill="{S}" stroke="none"/>
<circle cx="270" cy="104" r="16" fill="none" stroke="{T}" stroke-width="3"/>
<circle cx="270" cy="104" r="8" fill="{T}"/>
{needle}
{inset("sit")}
""", note="The upper back from behind: a tight knot in the shoulder muscle.")


def trigger():
    return upper_back(syringe(276, 98, -50))


def dry():
    return upper_back(thin_needle(276, 98, -50))


DRAWINGS = {
    "knee-joint-injection": knee,
    "hip-joint-injection": hip,
    "greater-trochanteric-bursa-injection": bursa,
    "lumbar-epidural-steroid-injection": lumbar,
    "cervical-epidural-steroid-injection": cervical,
    "facet-joint-injection": facet,
    "medial-branch-block": medial_branch,
    "radiofrequency-ablation": rfa,
    "sacroiliac-joint-injection": sacroiliac,
    "occipital-nerve-block": occipital,
    "trigger-point-injection": trigger,
    "dry-needling": dry,
}

if __name__ == "__main__":
    (OUT / "drawings").mkdir(parents=True, exist_ok=True)
    for slug, fn in DRAWINGS.items():
        (OUT / "drawings" / f"{slug}.svg").write_text(fn(), encoding="utf-8")


# -- pictograms: 48 x 48, strokes 3 (the icons' 2 on 24, scaled), no text -------------------------------------

def picto(body, note):
    return svg(body, 48, 48, note=note)


def no_sign():
    """The "do not" mark: a ring and a slash, over the picture."""
    return (f'<circle cx="24" cy="24" r="21" fill="none" stroke="{N}" stroke-width="3.5"/>\n'
            f'<line x1="9.5" y1="9.5" x2="38.5" y2="38.5" stroke="{N}" stroke-width="3.5" stroke-linecap="round"/>\n')


def arc_sector(cx, cy, r, deg):
    """A filled sector from 12 o'clock clockwise by `deg` degrees (cubic pieces of at most 90 degrees)."""
    import math
    parts = [f"M {cx} {cy} L {cx} {cy - r}"]
    start = -90.0
    left = deg
    while left > 0:
        step = min(90.0, left)
        a0, a1 = math.radians(start), math.radians(start + step)
        k = 4 / 3 * math.tan((a1 - a0) / 4)
        x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
        x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
        c1 = (x0 - k * r * math.sin(a0), y0 + k * r * math.cos(a0))
        c2 = (x1 + k * r * math.sin(a1), y1 - k * r * math.cos(a1))
        parts.append(f"C {c1[0]:.2f} {c1[1]:.2f} {c2[0]:.2f} {c2[1]:.2f} {x1:.2f} {y1:.2f}")
        start += step
        left -= step
    return " ".join(parts) + " Z"


def ice():
    return picto(f"""
<rect x="4" y="14" width="28" height="26" rx="6" fill="{S}" stroke="{N}" stroke-width="3"/>
<rect x="10" y="20" width="7" height="7" rx="1.5" fill="{W}" stroke="{N}" stroke-width="2"/>
<rect x="19" y="27" width="7" height="7" rx="1.5" fill="{W}" stroke="{N}" stroke-width="2"/>
<circle cx="35" cy="14" r="11" fill="{W}" stroke="{N}" stroke-width="3"/>
<path d="{arc_sector(35, 14, 8, 120)}" fill="{T}"/>
""", "Ice pack for 15 to 20 minutes: a pack with ice cubes and a clock with a third of it filled.")


def no_heat():
    return picto(f"""
<path d="M 16 12 Q 12 17 16 22 Q 20 27 16 32" fill="none" stroke="{T}" stroke-width="3" stroke-linecap="round"/>
<path d="M 24 10 Q 20 15 24 20 Q 28 25 24 30" fill="none" stroke="{T}" stroke-width="3" stroke-linecap="round"/>
<path d="M 32 12 Q 28 17 32 22 Q 36 27 32 32" fill="none" stroke="{T}" stroke-width="3" stroke-linecap="round"/>
<rect x="11" y="34" width="26" height="6" rx="3" fill="{S}" stroke="{N}" stroke-width="2.5"/>
{no_sign()}""", "No heat: a heating pad with heat waves, crossed out.")


def no_bath():
    return picto(f"""
<path d="M 9 24 L 39 24 L 37 33 Q 36 37 32 37 L 16 37 Q 12 37 11 33 Z" fill="{S}" stroke="{N}" stroke-width="3" stroke-linejoin="round"/>
<path d="M 13 24 L 13 14 Q 13 10 17 10 Q 20 10 20 13" fill="none" stroke="{N}" stroke-width="3" stroke-linecap="round"/>
<path d="M 15 30 Q 19 28 23 30 Q 27 32 31 30" fill="none" stroke="{T}" stroke-width="2.5" stroke-linecap="round"/>
{no_sign()}""", "No bath, hot tub or pool: a bathtub with water, crossed out.")


def shower():
    return picto(f"""
<path d="M 12 6 L 12 10 Q 12 12 16 12 L 24 12" fill="none" stroke="{N}" stroke-width="3" stroke-linecap="round"/>
<path d="M 16 18 Q 24 8 32 18 Z" fill="{S}" stroke="{N}" stroke-width="3" stroke-linejoin="round"/>
<line x1="24" y1="12" x2="24" y2="13" stroke="{N}" stroke-width="3" stroke-linecap="round"/>
<g stroke="{T}" stroke-width="3" stroke-linecap="round">
  <line x1="18" y1="24" x2="16" y2="30"/><line x1="24" y1="24" x2="24" y2="30"/><line x1="30" y1="24" x2="32" y2="30"/>
  <line x1="15" y1="36" x2="13" y2="42"/><line x1="24" y1="36" x2="24" y2="42"/><line x1="33" y1="36" x2="35" y2="42"/>
</g>
""", "Shower is fine: a shower head with falling drops.")


def no_driving():
    return picto(f"""
<path d="M 6 31 L 6 25 Q 6 22 10 21 L 15 14 Q 16 12 19 12 L 30 12 Q 33 12 35 15 L 39 21 Q 43 22 43 26 L 43 31 Z" fill="{S}" stroke="{N}" stroke-width="3" stroke-linejoin="round"/>
<path d="M 17 20 L 20 15 L 24 15 L 24 20 Z M 28 20 L 28 15 L 31 15 L 34 20 Z" fill="{W}" stroke="{N}" stroke-width="2" stroke-linejoin="round"/>
<circle cx="15" cy="32" r="5" fill="{W}" stroke="{N}" stroke-width="3"/>
<circle cx="34" cy="32" r="5" fill="{W}" stroke="{N}" stroke-width="3"/>
{no_sign()}""", "No driving: a car seen from the side, crossed out.")


PHONE = ("M 10 8 L 17 8 L 19 16 L 15 19 Q 19 27 27 31 L 30 27 L 38 29 L 38 36 Q 38 40 34 40 "
         "Q 20 39 12 30 Q 6 22 6 12 Q 6 8 10 8 Z")


def call_clinic():
    return picto(f"""
<path d="{PHONE}" fill="{S}" stroke="{N}" stroke-width="3" stroke-linejoin="round"/>
<rect x="27" y="4" width="17" height="17" rx="3" fill="{W}" stroke="{N}" stroke-width="2.5"/>
<path d="M 35.5 7.5 L 35.5 17.5 M 30.5 12.5 L 40.5 12.5" stroke="{T}" stroke-width="3" stroke-linecap="round"/>
""", "Call the clinic: a phone and a clinic cross.")


def call_911():
    return picto(f"""
<path d="{PHONE}" fill="{S}" stroke="{N}" stroke-width="3" stroke-linejoin="round"/>
<path d="M 28 20 L 28 13 Q 28 6 35 6 Q 42 6 42 13 L 42 20 Z" fill="{T}" stroke="{N}" stroke-width="2.5" stroke-linejoin="round"/>
<line x1="25" y1="21" x2="45" y2="21" stroke="{N}" stroke-width="3" stroke-linecap="round"/>
<path d="M 24 8 L 21 6 M 46 8 L 49 6" stroke="{T}" stroke-width="2.5" stroke-linecap="round"/>
""", "Call 911: a phone and an emergency light.")


def pain_scale():
    out = []
    for i in range(11):
        x = 8 + i * 35.6
        h = 4 + i * 3.2
        out.append(f'<rect x="{x:.1f}" y="30" width="31" height="40" rx="4" fill="{W}" stroke="{O}" stroke-width="2.5"/>')
        out.append(f'<rect x="{x + 3:.1f}" y="{67 - h:.1f}" width="25" height="{h:.1f}" rx="2" fill="{T}"/>')
    out.append(f'<path d="M 8 78 L 8 84 L 392 84 L 392 78" fill="none" stroke="{O}" stroke-width="2" stroke-linejoin="round"/>')
    return svg("\n".join(out), 400, 124,
               note="The 0 to 10 pain scale: eleven boxes, each filled a little more; numbers and words come from the data file.")


PICTOS = {"ice": ice, "no_heat": no_heat, "no_bath": no_bath, "shower": shower, "no_driving": no_driving,
          "call_clinic": call_clinic, "call_911": call_911, "pain_scale": pain_scale}

if __name__ == "__main__":
    (OUT / "pictograms").mkdir(parents=True, exist_ok=True)
    for name, fn in PICTOS.items():
        (OUT / "pictograms" / f"{name}.svg").write_text(fn(), encoding="utf-8")
