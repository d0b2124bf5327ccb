<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Новости</title></head>
<body bgcolor="#ffffff"><table width="100%" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2" bgcolor="#003366"><font color="white" size="+2">Совет (ассоциация) муниципальных образований Оренбургской области</font></td></tr>
<tr><td width="200" valign="top"><a href="/">Главная</a><br><a href="/news.php">Новости</a><br>
<a href="/about.php">О Совете</a><br><a href="/docs/ustav.rtf">Устав</a><br>
<a href="http://www.orenburg-gov.ru/">Правительство области</a><br>
<a href="http://www.okmo.news/">ОКМО</a></td>
<td valign="top"><b>Новости Совета</b><table border="0"><tr><td valign="top" width="90"><font size="-1">25.02.2020</font></td>
<td><a href="/news_view.php?id=21">Совет подписал соглашение о сотрудничестве с университетом</a>
<font size="-1">[<a href="/news_view.php?id=21&amp;print=1">версия для печати</a>]</font></td></tr><tr><td valign="top" width="90"><font size="-1">04.02.2020</font></td>
<td><a href="/news_view.php?id=20">Учёба депутатов представительных органов</a>
<font size="-1">[<a href="/news_view.php?id=20&amp;print=1">версия для печати</a>]</font></td></tr><tr><td valign="top" width="90"><font size="-1">20.01.2020</font></td>
<td><a href="/news_view.php?id=19">Подведены итоги областного смотра-конкурса сельсоветов</a>
<font size="-1">[<a href="/news_view.php?id=19&amp;print=1">версия для печати</a>]</font></td></tr></table><p align="center">Страницы: [1] <a href="/news.php?page=2">2</a> <a href="/news.php?page=2">»</a></p></td></tr>
<tr><td colspan="2" align="center"><font size="-1">© 2004–2020 Совет муниципальных образований. Все права защищены.</font></td></tr>
</table></body></html>