/**
 * Shared page furniture for the replay site: escaping and the heavy boilerplate real news pages
 * carry (head full of meta/scripts/styles, navigation, ads, footer). Built once per process.
 */
import { EN_SECTIONS, KO_SECTIONS } from '../vocab.js';

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function filler(prefix: string, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    parts.push(`{"slot":"${prefix}_${i}","sizes":[[300,250],[728,90]],"targeting":{"pos":"${i % 3 === 0 ? 'top' : 'mid'}","kw":["news","donga","${prefix}"]}}`);
  }
  return parts.join(',');
}

let headScripts: string | undefined;

/** ~25 KB of scripts and styles found in the head of every page (analytics, ad config, CSS). */
export function heavyHead(): string {
  headScripts ??= [
    '<link rel="stylesheet" href="https://image.donga.com/css/common.css?v=20240301">',
    '<link rel="stylesheet" href="https://image.donga.com/css/article.css?v=20240301">',
    '<link rel="preconnect" href="https://securepubads.g.doubleclick.net">',
    '<script async src="https://www.googletagmanager.com/gtag/js?id=G-DONGA000"></script>',
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-DONGA000');</script>",
    `<script>var adSlots=[${filler('ad', 220)}];var adReady=false;function loadAds(){if(adReady)return;adReady=true;for(var i=0;i<adSlots.length;i++){/* defer */}}</script>`,
    `<style>${Array.from({ length: 600 }, (_, i) => `.c${i}{margin:${i % 7}px 0;padding:${i % 5}px;font-size:${12 + (i % 6)}px;color:#${(0x222222 + i * 4097).toString(16).slice(-6)}}`).join('')}</style>`,
    '<script type="text/javascript">(function(w,d){var s=d.createElement("script");s.async=true;s.src="https://static.donga.com/js/tracker.js";d.head.appendChild(s);})(window,document);</script>',
  ].join('\n');
  return headScripts;
}

/**
 * English header: skip link, logo, language menu and section navigation. The language menu's
 * `한국어` goes to the Korean home page, not an article: parsers must check the href's shape.
 */
export function englishHeader(active: string | null): string {
  const nav = EN_SECTIONS.map((s) => `<li${s === active ? ' class="on"' : ''}><a href="/en/List/${s}">${s}</a></li>`).join('');
  return `<div id="skip"><a href="#contents">Go to contents</a></div>
<header id="header" class="header">
  <div class="top_bar"><ul class="util"><li><a href="/en/Subscribe">Newsletter</a></li><li><a href="/en/Contact">Contact Us</a></li></ul>
  <ul class="languages_menu"><li><a href="https://www.donga.com/" lang="ko">한국어</a></li><li><a href="/jp">日本語</a></li><li><a href="/cn">中文</a></li></ul></div>
  <h2 class="logo"><a href="/en"><img src="https://image.donga.com/pc/2022/images/common/logo_en.png" alt="The DONG-A ILBO"></a></h2>
  <nav class="gnb"><ul><li><a href="/en">Home</a></li>${nav}</ul></nav>
  <div class="search"><form action="/en/search" method="get"><input type="text" name="query" title="Search"><button type="submit">Search</button></form></div>
</header>`;
}

export function englishFooter(): string {
  return `<footer id="footer"><div class="ft_menu"><a href="/en/About">About Us</a> | <a href="/en/Privacy">Privacy Policy</a> | <a href="/en/Terms">Terms of Use</a></div>
<p class="copyright">Copyright by dongA.com All rights reserved. Contact: english@donga.com</p>
<address>The DONG-A ILBO, 3 Cheonggyecheon-ro, Jongno-gu, Seoul</address></footer>
<script src="https://image.donga.com/js/jquery-3.6.0.min.js"></script><script src="https://image.donga.com/js/common_en.js"></script>
<script>$(function(){ $('.btn_share').on('click', function(){ window.open(this.href,'share','width=600,height=400'); return false; }); });</script>`;
}

/** An ad block as the site marks them (class names from docs/site-notes.md). */
export function ad(cls: string, n: number): string {
  return `<div class="${cls}"><div id="div-gpt-ad-16${String(n).padStart(8, '0')}-0" style="min-width:300px;min-height:250px;"><script>googletag.cmd.push(function(){googletag.display('div-gpt-ad-16${String(n).padStart(8, '0')}-0');});</script></div></div>`;
}

/** Korean header: logo, edition menu and section navigation. */
export function koreanHeader(activeLabel: string): string {
  const nav = Object.values(KO_SECTIONS)
    .map((s) => `<li${s.label === activeLabel ? ' class="on"' : ''}><a href="/news/${s.segment}">${s.label}</a></li>`)
    .join('');
  return `<div id="skip_navi"><a href="#content">본문 바로가기</a></div>
<header id="header"><div class="top_menu"><div class="languages_menu"><a href="/en">ENG</a> | <a href="/cn">中文</a> | <a href="/jp">日文</a></div>
<ul class="util_menu"><li><a href="/news/Login">로그인</a></li><li><a href="/news/Subscribe">구독</a></li></ul></div>
<h1 class="logo"><a href="/"><img src="https://image.donga.com/pc/2022/images/common/logo.png" alt="동아일보"></a></h1>
<nav class="gnb"><ul><li><a href="/">홈</a></li>${nav}<li><a href="/news/Series">연재</a></li></ul></nav></header>`;
}

export function koreanFooter(): string {
  return `<footer id="footer"><ul class="ft_menu"><li><a href="/news/Company">회사소개</a></li><li><a href="/news/Privacy">개인정보처리방침</a></li><li><a href="/news/Youth">청소년보호정책</a></li></ul>
<p class="ft_copy">Copyright by dongA.com All rights reserved.</p><address>서울특별시 종로구 청계천로 1 동아일보사</address></footer>
<script src="https://image.donga.com/js/jquery-3.6.0.min.js"></script><script src="https://image.donga.com/js/common.js"></script>`;
}

/** The copyright line Korean articles end with. */
export const KO_COPYRIGHT = 'ⓒ 동아일보 & donga.com, 무단 전재 및 재배포 금지';
